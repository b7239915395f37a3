// One bounded autocannon run, reduced to the numbers the report needs.
import autocannon from "autocannon";

export interface LoadResult {
  name: string;
  connections: number;
  durationS: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

export async function runLoad(name: string, options: autocannon.Options & { connections: number; duration: number }): Promise<LoadResult> {
  // A request that takes longer than this counts as a timeout (and fails the run).
  const result = await autocannon({ timeout: 30, ...options });
  return {
    name,
    connections: options.connections,
    durationS: options.duration,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, average: Math.round(result.latency.average) },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

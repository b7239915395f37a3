// One bounded autocannon run, reduced to the numbers the report needs.
import os from "node:os";
import autocannon from "autocannon";
import { processCpuSeconds } from "../bench/measure";

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
  /**
   * CPU time the app's process spent per request: steadier than req/s when other work shares the
   * machine (Node serves requests on one thread, so 1000 / this is its ceiling in req/s).
   */
  appCpuMsPerRequest: number | null;
  /** The machine's 1-minute load average when the run ended (2 cores: above 2 means queueing). */
  loadAverage: number;
}

export type LoadOptions = autocannon.Options & {
  connections: number;
  duration: number;
  /** The app's process, for its CPU time. */
  appPid?: number;
};

export async function runLoad(name: string, { appPid, ...options }: LoadOptions): Promise<LoadResult> {
  const cpu = () => (appPid === undefined ? null : processCpuSeconds(appPid));
  const cpuBefore = cpu();
  // A request that takes longer than this counts as a timeout (and fails the run).
  const result = await autocannon({ timeout: 30, ...options });
  const cpuAfter = cpu();
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
    appCpuMsPerRequest:
      cpuBefore === null || cpuAfter === null || !result.requests.total ? null : Math.round(((cpuAfter - cpuBefore) * 1e4) / result.requests.total) / 10,
    loadAverage: Math.round(os.loadavg()[0] * 10) / 10,
  };
}

// The metrics this process keeps itself (Node.js runtime, HTTP request durations): one prom-client
// registry per process, on globalThis because Next.js loads this module in several bundles.
import "server-only";
import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

export const METRIC_PREFIX = "pocket_id_";

export interface ProcessMetrics {
  registry: Registry;
  httpRequestDuration: Histogram<"method" | "route" | "status">;
}

const processKey = Symbol.for("pocket-id.metrics.process");
type Holder = { [processKey]?: ProcessMetrics };

function createProcessMetrics(): ProcessMetrics {
  const registry = new Registry();
  // CPU, memory, event loop lag, heap, handles: prom-client's standard process_* and nodejs_* series.
  collectDefaultMetrics({ register: registry });
  const httpRequestDuration = new Histogram({
    name: `${METRIC_PREFIX}http_request_duration_seconds`,
    help: "Time from receiving an HTTP request to finishing its response, by route pattern (docs/operations.md#metrics).",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, httpRequestDuration };
}

export function processMetrics(): ProcessMetrics {
  const holder = globalThis as Holder;
  return (holder[processKey] ??= createProcessMetrics());
}

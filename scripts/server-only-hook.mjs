// `import "server-only"` marks modules a client component must never import: Next.js enforces it
// at build time. Outside Next.js (CLI, tests, benchmarks, Playwright) the marker is a no-op: this
// hook resolves it to the package's empty module. Load with `node --import ./scripts/server-only-hook.mjs`.
import { register } from "node:module";

const hook = `
export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: ${JSON.stringify(new URL("../node_modules/server-only/empty.js", import.meta.url).href)}, shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);

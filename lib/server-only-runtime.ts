// `import "server-only"` is a build-time marker: Next.js refuses to bundle a module carrying it into a
// client component. At run time the App Router resolves it to the package's empty module, but the
// Pages Router API route that mounts the OpenID Connect provider (pages/api/oidc) loads it as an
// external package without that condition, and its default entry throws. The server process maps
// the marker to the empty module, as the CLI and tests do (scripts/server-only-hook.mjs).
import { registerHooks } from "node:module";

let registered = false;

export function mapServerOnlyMarker(): void {
  if (registered) return;
  registered = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      // Turbopack names the external "server-only-<hash>" (a link to the package in its output folder).
      return /^server-only(-[0-9a-f]+)?$/.test(specifier) ? { ...resolved, url: resolved.url.replace(/\/index\.js$/, "/empty.js") } : resolved;
    },
  });
}

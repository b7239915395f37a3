import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // "server-only" guards client bundles at build time; in tests it is the package's no-op module.
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["node_modules", "e2e", ".next*"],
    environment: "node",
    pool: "forks",
    // V8 write-protects JIT code with memory protection keys where the processor has them (Intel
    // Xeon here), and its page map races when WebAssembly (PGlite) and worker threads (the sync's)
    // churn code: "Check failed: jit_page.has_value()" killed a test process once. Node allows this
    // flag only on the command line.
    execArgv: ["--no-memory-protection-keys"],
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ["lib/db/testing/global-setup.ts"],
  },
});

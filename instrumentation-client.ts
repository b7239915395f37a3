// Runs in the browser before the app becomes interactive.
import { z } from "zod";

// The Content-Security-Policy (proxy.ts) forbids eval. zod 4 probes `new Function` once to decide
// whether to compile faster parsers; it recovers when the probe is blocked, but the browser still
// reports a CSP violation. jitless skips the probe (form validation does not need the speed).
z.config({ jitless: true });

// Which environment variables look like a misspelling of one this app reads (LDAP_BIND_PASWORD), and
// which are Pocket ID's but have no effect here. Both are warnings: an unknown variable may belong to
// anything else in the environment (PATH, HOSTNAME, a Kubernetes service link).
import { closestMatch } from "leven";
import { POCKET_ID_NOT_APPLICABLE } from "./pocket-id";
import { SERVER_ENV_ALIASES, serverEnvSchema } from "./server-env";
import { SETTING_ALIASES, SETTING_FILE_VARIABLES, SETTING_KEYS } from "./settings";

/** Read by the start script, Node.js or Next.js rather than the configuration schema. */
const PROCESS_VARIABLES = ["PORT", "HOST", "NODE_ENV"];

const SECRET_FILE_SUFFIX = "_FILE";

function namesWithFileVariants(names: readonly string[]): string[] {
  return names.flatMap((name) => [name, `${name}${SECRET_FILE_SUFFIX}`]);
}

/** Every variable name this app reads. */
export function knownVariableNames(): ReadonlySet<string> {
  const configured = [
    ...Object.keys(serverEnvSchema.shape),
    ...Object.values(SERVER_ENV_ALIASES).flat(),
    ...SETTING_KEYS,
    ...Object.values(SETTING_ALIASES).flat(),
  ];
  return new Set([...namesWithFileVariants(configured), ...Object.values(SETTING_FILE_VARIABLES), ...PROCESS_VARIABLES]);
}

function isPocketIdOnly(name: string): boolean {
  const base = name.endsWith(SECRET_FILE_SUFFIX) ? name.slice(0, -SECRET_FILE_SUFFIX.length) : name;
  return POCKET_ID_NOT_APPLICABLE.includes(name) || POCKET_ID_NOT_APPLICABLE.includes(base);
}

/**
 * How far a name may be from a known one and still count as its misspelling: a letter in a short
 * name, more in the long LDAP_* names. Short names must match exactly (up to case) so that HOME,
 * PATH or USER never pass for PORT or HOST.
 */
function allowedDistance(name: string): number {
  if (name.length <= 4) return 0;
  if (name.length <= 8) return 1;
  if (name.length <= 14) return 2;
  return 3;
}

export interface VariableNameReport {
  /** Unknown variables close to a known one, with that name. */
  misspelled: Array<{ name: string; suggestion: string }>;
  /** Pocket ID's variables that this app does not use. */
  pocketIdOnly: string[];
}

export function checkVariableNames(env: Record<string, string | undefined>): VariableNameReport {
  const known = knownVariableNames();
  const candidates = [...known];
  const report: VariableNameReport = { misspelled: [], pocketIdOnly: [] };
  for (const name of Object.keys(env).sort()) {
    if (known.has(name) || !/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) continue;
    if (isPocketIdOnly(name)) {
      report.pocketIdOnly.push(name);
      continue;
    }
    // Compared in upper case: ldap_url is LDAP_URL mistyped, not another variable.
    const suggestion = closestMatch(name.toUpperCase(), candidates, { maxDistance: allowedDistance(name) });
    if (suggestion) report.misspelled.push({ name, suggestion });
  }
  return report;
}

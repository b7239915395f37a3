// Sign-in outcomes counted in this process. Free of dependencies: the sign-in code calls it on every
// attempt, and the CLI loads that code without needing the Prometheus client.
export const SIGN_IN_METHODS = ["passkey", "login_link"] as const;
export const SIGN_IN_OUTCOMES = ["success", "failure"] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];
export type SignInCount = { method: SignInMethod; outcome: SignInOutcome; count: number };

// On globalThis: Next.js may load this module in several bundles that must count together.
const countsKey = Symbol.for("pocket-id.metrics.sign-ins");
type Holder = { [countsKey]?: Map<string, number> };

function counts(): Map<string, number> {
  const holder = globalThis as Holder;
  return (holder[countsKey] ??= new Map());
}

export function countSignIn(method: SignInMethod, outcome: SignInOutcome): void {
  const key = `${method}:${outcome}`;
  counts().set(key, (counts().get(key) ?? 0) + 1);
}

/** Every method and outcome, zeros included, so a rate can be taken from the first scrape on. */
export function signInCounts(): SignInCount[] {
  return SIGN_IN_METHODS.flatMap((method) =>
    SIGN_IN_OUTCOMES.map((outcome) => ({ method, outcome, count: counts().get(`${method}:${outcome}`) ?? 0 })),
  );
}

// In-memory sliding-window limits per client IP for sign-in and login-link attempts. Per process:
// with several replicas each enforces its own window, which still bounds guessing.
import "server-only";
import { RateLimitedError } from "@/lib/errors";

export class SlidingWindowLimiter {
  private readonly attempts = new Map<string, number[]>();
  /** When each key was last refused: a burst of refusals is reported once per window. */
  private readonly refusedAt = new Map<string, number>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Records an attempt by `key`, or throws RateLimitedError when `limit` attempts already fall in
   * the window. The returned function forgets the attempt: call it when the attempt succeeded, so
   * only failures (guesses) count while concurrent attempts are still bounded.
   */
  attempt(key: string): () => void {
    const now = this.now();
    const recent = (this.attempts.get(key) ?? []).filter((time) => now - time < this.windowMs);
    if (recent.length >= this.limit) {
      this.attempts.set(key, recent);
      const lastRefusal = this.refusedAt.get(key);
      this.refusedAt.set(key, now);
      throw new RateLimitedError(undefined, lastRefusal === undefined || now - lastRefusal >= this.windowMs);
    }
    recent.push(now);
    this.attempts.set(key, recent);
    if (this.attempts.size > 10_000) this.sweep(now);
    return () => {
      const list = this.attempts.get(key);
      const index = list?.indexOf(now) ?? -1;
      if (list && index >= 0) list.splice(index, 1);
    };
  }

  private sweep(now: number): void {
    for (const [key, times] of this.attempts) {
      if (times.every((time) => now - time >= this.windowMs)) this.attempts.delete(key);
    }
    for (const [key, time] of this.refusedAt) if (now - time >= this.windowMs) this.refusedAt.delete(key);
  }
}

const ATTEMPTS_PER_MINUTE = 10;
/** Sign-in challenges one address may ask for per minute: every page load of /login asks for one. */
const CHALLENGES_PER_MINUTE = 30;

/** "E-mail me a sign-in link": requests per client address, and e-mails per address, in 15 minutes. */
const EMAIL_LINKS_PER_CLIENT = 10;
const EMAIL_LINKS_PER_ADDRESS = 3;

// On globalThis: Next.js may load this module once per route bundle, the limits must be shared.
const limitersKey = Symbol.for("pocket-id.rate-limiters");
type Limiters = {
  signIn: SlidingWindowLimiter;
  loginLink: SlidingWindowLimiter;
  challenge: SlidingWindowLimiter;
  emailLinkClient: SlidingWindowLimiter;
  emailLinkAddress: SlidingWindowLimiter;
};
type Holder = { [limitersKey]?: Limiters };

function limiters() {
  const holder = globalThis as Holder;
  holder[limitersKey] ??= {
    signIn: new SlidingWindowLimiter(ATTEMPTS_PER_MINUTE, 60_000),
    loginLink: new SlidingWindowLimiter(ATTEMPTS_PER_MINUTE, 60_000),
    challenge: new SlidingWindowLimiter(CHALLENGES_PER_MINUTE, 60_000),
    emailLinkClient: new SlidingWindowLimiter(EMAIL_LINKS_PER_CLIENT, 15 * 60_000),
    emailLinkAddress: new SlidingWindowLimiter(EMAIL_LINKS_PER_ADDRESS, 15 * 60_000),
  };
  return holder[limitersKey];
}

/** Passkey sign-in verifications. */
export const signInLimiter = (): SlidingWindowLimiter => limiters().signIn;
/** Anonymous sign-in challenges (each is a row until it expires); every request counts. */
export const challengeLimiter = (): SlidingWindowLimiter => limiters().challenge;
/** One-time login link look-ups and consumptions (/lc). */
export const loginLinkLimiter = (): SlidingWindowLimiter => limiters().loginLink;
/** Self-service sign-in link requests per client address. */
export const emailLinkClientLimiter = (): SlidingWindowLimiter => limiters().emailLinkClient;
/** Self-service sign-in link e-mails per (lower-cased) address, whoever asks. */
export const emailLinkAddressLimiter = (): SlidingWindowLimiter => limiters().emailLinkAddress;

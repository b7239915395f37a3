import { describe, expect, it } from "vitest";
import { RateLimitedError } from "@/lib/errors";
import { SlidingWindowLimiter } from "./rate-limit";

describe("sliding-window rate limiter", () => {
  function limiterAt(start: number) {
    const clock = { now: start };
    return { clock, limiter: new SlidingWindowLimiter(3, 60_000, () => clock.now) };
  }

  it("refuses the attempt past the limit within the window, per key", () => {
    const { limiter } = limiterAt(1_000);
    for (let i = 0; i < 3; i++) limiter.attempt("10.0.0.1");
    expect(() => limiter.attempt("10.0.0.1")).toThrow(RateLimitedError);
    expect(() => limiter.attempt("10.0.0.2")).not.toThrow();
  });

  it("slides: attempts older than the window stop counting", () => {
    const { clock, limiter } = limiterAt(1_000);
    limiter.attempt("ip");
    clock.now += 30_000;
    limiter.attempt("ip");
    limiter.attempt("ip");
    expect(() => limiter.attempt("ip")).toThrow(RateLimitedError);
    clock.now += 30_001; // the first attempt left the window
    expect(() => limiter.attempt("ip")).not.toThrow();
    expect(() => limiter.attempt("ip")).toThrow(RateLimitedError);
  });

  it("forgets successful attempts, so only failures use up the allowance", () => {
    const { clock, limiter } = limiterAt(1_000);
    for (let i = 0; i < 10; i++) {
      clock.now += 1;
      limiter.attempt("ip")();
    }
    for (let i = 0; i < 3; i++) limiter.attempt("ip");
    expect(() => limiter.attempt("ip")).toThrow(RateLimitedError);
  });
});

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

  it("marks only the first refusal of a key in a window as worth reporting", () => {
    const { clock, limiter } = limiterAt(1_000);
    for (let i = 0; i < 3; i++) limiter.attempt("ip");
    const refusal = () => {
      try {
        limiter.attempt("ip");
      } catch (error) {
        if (error instanceof RateLimitedError) return error.firstInWindow;
      }
      throw new Error("expected a refusal");
    };
    expect([refusal(), refusal()]).toEqual([true, false]);
    clock.now += 59_999;
    expect(refusal()).toBe(false);
    clock.now += 60_000; // the attempts and the last refusal left the window
    expect(() => limiter.attempt("ip")).not.toThrow();
    for (let i = 0; i < 2; i++) limiter.attempt("ip");
    expect(refusal()).toBe(true);
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

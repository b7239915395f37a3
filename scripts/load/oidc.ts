// The OpenID Connect endpoints under load: userinfo with Bearer access tokens in rotation, and the
// token endpoint's refresh_token grant, where every request spends a distinct unused refresh token
// (rotation consumes it) and hands its successor back to the pool for a later request.
import { runLoad, type LoadOptions, type LoadResult } from "./autocannon";
import type { OidcLoadState } from "./oidc-setup";

/** Throughput and latency targets (issue #16); reported as verdicts, never failing the run. */
export const OIDC_TARGETS: Record<string, { minPerSecond: number; maxP99Ms: number }> = {
  "OIDC userinfo": { minPerSecond: 500, maxP99Ms: 100 },
  "OIDC refresh_token grant": { minPerSecond: 100, maxP99Ms: 100 },
};

type Options = Pick<LoadOptions, "connections" | "duration" | "appPid">;

export function loadUserinfo(appUrl: string, state: OidcLoadState, options: Options): Promise<LoadResult> {
  let next = 0;
  return runLoad("OIDC userinfo", {
    url: appUrl,
    ...options,
    requests: [
      {
        method: "GET",
        path: "/api/oidc/userinfo",
        setupRequest: (request) => ({
          ...request,
          headers: { authorization: `Bearer ${state.accessTokens[next++ % state.accessTokens.length]}` },
        }),
      },
    ],
  });
}

/** Spends refresh tokens from `state` and puts their successors back, ready for another run. */
export function loadRefreshGrants(appUrl: string, state: OidcLoadState, options: Options): Promise<LoadResult> {
  const unused = state.refreshTokens;
  const basic = Buffer.from(`${encodeURIComponent(state.clientId)}:${encodeURIComponent(state.clientSecret)}`).toString("base64");
  return runLoad("OIDC refresh_token grant", {
    url: appUrl,
    ...options,
    requests: [
      {
        method: "POST",
        path: "/api/oidc/token",
        headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
        // An empty pool (every token in flight or lost to errors) sends none: the answer is a 400.
        setupRequest: (request) => ({ ...request, body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: unused.shift() ?? "" }).toString() }),
        onResponse: (status, body) => {
          if (status === 200) unused.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
        },
      },
    ],
  });
}

/** One line per OIDC run: throughput and p99 against their targets, PASS or FAIL. */
export function oidcVerdicts(results: LoadResult[]): string[] {
  return results.flatMap((result) => {
    const target = OIDC_TARGETS[result.name];
    if (!target) return [];
    const errors = result.errors + result.timeouts + result.non2xx;
    const rate = result.requestsPerSecond / target.minPerSecond;
    const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");
    return [
      `${result.name}: ${result.requestsPerSecond} req/s vs ≥ ${target.minPerSecond} (${rate.toFixed(2)}×) ${verdict(rate >= 1)}; ` +
        `p99 ${result.latencyMs.p99} ms vs ≤ ${target.maxP99Ms} ms ${verdict(result.latencyMs.p99 <= target.maxP99Ms)}; ` +
        `p50 ${result.latencyMs.p50} ms; errors ${errors} ${verdict(errors === 0)}`,
    ];
  });
}

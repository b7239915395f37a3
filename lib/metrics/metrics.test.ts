// GET /metrics: who may scrape, the Prometheus text of one scrape, what it reads from the database
// (on both engines), sign-in counting and the route labels of HTTP durations.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { Registry } from "prom-client";
import { describeEachEngine } from "@/lib/db/testing";
import { jobRuns } from "@/lib/db/schema";
import { recordSignInFailure } from "@/lib/auth/sign-in-audit";
import { UnauthenticatedError, ValidationError } from "@/lib/errors";
import { insertGroup, insertLdapUser, insertUser } from "@/lib/users/testing";
import { renderMetrics, type MetricsSnapshot } from "./render";
import { routeLabeler, UNMATCHED_ROUTE, type RoutesManifest } from "./http";
import { scrapeMetrics } from "./scrape";
import { signInCounts } from "./sign-ins";

const TOKEN = "a-metrics-token-of-some-length";

/** The value of one series in exposition text, e.g. `pocket_id_users{source="ldap",disabled="false"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Asserts the value of each named series at once (a mismatch lists every series that differs). */
function expectSamples(text: string, expected: Record<string, number | undefined>) {
  expect(Object.fromEntries(Object.keys(expected).map((series) => [series, sample(text, series)]))).toEqual(expected);
}

describe("metrics text", () => {
  const snapshot: MetricsSnapshot = {
    database: {
      users: [
        { source: "ldap", disabled: false, count: 3 },
        { source: "local", disabled: true, count: 1 },
      ],
      groups: [{ source: "ldap", count: 2 }],
      jobs: [
        {
          job: "SyncLdap",
          succeeded: 5,
          failed: 2,
          running: true,
          lastSuccessAt: new Date("2026-01-02T03:04:05Z"),
          lastRun: { failed: true, finishedAt: new Date("2026-01-02T04:00:00Z"), durationSeconds: 1.5, counts: { usersCreated: 4, rowsWritten: 9 } },
        },
      ],
    },
    signIns: [
      { method: "passkey", outcome: "success", count: 7 },
      { method: "passkey", outcome: "failure", count: 0 },
    ],
  };

  it("renders database values, job runs and sign-ins in Prometheus text format", async () => {
    const { contentType, body } = await renderMetrics(new Registry(), snapshot);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain("# TYPE pocket_id_users gauge");
    expectSamples(body, {
      'pocket_id_users{source="ldap",disabled="false"}': 3,
      'pocket_id_users{source="local",disabled="true"}': 1,
      'pocket_id_groups{source="ldap"}': 2,
    });
    expect(body).toContain("# TYPE pocket_id_job_runs_total counter");
    expectSamples(body, {
      'pocket_id_job_runs_total{job="SyncLdap",status="succeeded"}': 5,
      'pocket_id_job_runs_total{job="SyncLdap",status="failed"}': 2,
      'pocket_id_job_running{job="SyncLdap"}': 1,
      'pocket_id_job_last_success_timestamp_seconds{job="SyncLdap"}': Date.parse("2026-01-02T03:04:05Z") / 1000,
      'pocket_id_job_last_run_duration_seconds{job="SyncLdap"}': 1.5,
      'pocket_id_job_last_run_failed{job="SyncLdap"}': 1,
      'pocket_id_job_last_run_count{job="SyncLdap",count="usersCreated"}': 4,
      'pocket_id_sign_ins_total{method="passkey",outcome="success"}': 7,
      'pocket_id_sign_ins_total{method="passkey",outcome="failure"}': 0,
      ["pocket_id_database_up"]: 1,
    });
  });

  it("says the database is down and leaves its series out when it did not answer", async () => {
    const { body } = await renderMetrics(new Registry(), { ...snapshot, database: null });
    expect(sample(body, "pocket_id_database_up")).toBe(0);
    expect(body).not.toContain("pocket_id_users{");
    expect(sample(body, 'pocket_id_sign_ins_total{method="passkey",outcome="success"}')).toBe(7);
  });
});

describe("HTTP route labels", () => {
  const manifest: RoutesManifest = {
    staticRoutes: [
      { page: "/", regex: "^/(?:/)?$" },
      { page: "/settings/admin/users", regex: "^/settings/admin/users(?:/)?$" },
    ],
    dynamicRoutes: [
      { page: "/api/oidc/[...oidc]", regex: "^/api/oidc/(.+?)(?:/)?$" },
      { page: "/interaction/[uid]", regex: "^/interaction/([^/]+?)(?:/)?$" },
      { page: "/settings/admin/users/[id]", regex: "^/settings/admin/users/([^/]+?)(?:/)?$" },
    ],
    rewrites: {
      beforeFiles: [
        { source: "/authorize", regex: "^/authorize(?:/)?$" },
        { source: "/interaction/:uid/:action(login|confirm|abort)", regex: "^/interaction(?:/([^/]+?))(?:/(login|confirm|abort))(?:/)?$" },
      ],
    },
  };
  const label = routeLabeler(manifest, ["/favicon.ico", "/icon.svg"]);

  it("names the route pattern, never the values in the path", () => {
    expect(label("/")).toBe("/");
    expect(label("/settings/admin/users/")).toBe("/settings/admin/users");
    expect(label("/settings/admin/users/2f9c6a52-0000-4000-8000-000000000000")).toBe("/settings/admin/users/[id]");
    expect(label("/interaction/abc")).toBe("/interaction/[uid]");
    expect(label("/interaction/abc/login")).toBe("/interaction/:uid/:action(login|confirm|abort)");
    expect(label("/authorize")).toBe("/authorize");
    expect(label("/_next/static/chunks/app.js")).toBe("/_next/static/*");
    expect(label("/favicon.ico")).toBe("/favicon.ico");
  });

  it("labels Pocket ID's OIDC endpoints by name and anything else under the mount by the mount", () => {
    expect(label("/api/oidc/token")).toBe("/api/oidc/token");
    expect(label("/api/oidc/userinfo")).toBe("/api/oidc/userinfo");
    expect(label("/api/oidc/made-up-1")).toBe("/api/oidc/[...oidc]");
    expect(label("/no/such/page")).toBe(UNMATCHED_ROUTE);
  });
});

describeEachEngine("metrics scrape", (use) => {
  it("is 404 without METRICS_TOKEN and 401 without the right bearer token", async () => {
    const { ctx } = use();
    await expect(scrapeMetrics({ authorization: `Bearer ${TOKEN}` }, ctx)).rejects.toMatchObject({ code: "not_found" });
    const enabled = { ...ctx, server: { ...ctx.server, METRICS_TOKEN: TOKEN } };
    for (const authorization of [null, "Bearer wrong-token-of-some-length", `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      await expect(scrapeMetrics({ authorization }, enabled)).rejects.toMatchObject({ code: "unauthenticated" });
    }
  });

  it("reads users, groups and job runs from the database", async () => {
    const { ctx } = use();
    await insertUser(ctx);
    await insertUser(ctx, { disabled: true });
    await insertLdapUser(ctx);
    await insertLdapUser(ctx);
    await insertGroup(ctx, { ldapId: "g-1" });
    await insertGroup(ctx);
    await ctx.db.insert(jobRuns).values([
      { job: "MetricsTest", trigger: "cli", status: "succeeded", startedAt: sql`now() - interval '3 hours'`, finishedAt: sql`now() - interval '3 hours' + interval '2 seconds'` },
      {
        job: "MetricsTest",
        trigger: "cli",
        status: "failed",
        startedAt: sql`now() - interval '1 hour'`,
        finishedAt: sql`now() - interval '1 hour' + interval '4 seconds'`,
        stats: { usersCreated: 3, skipped: [] },
      },
      { job: "MetricsTest", trigger: "cli", status: "running" },
    ]);
    const { body } = await scrapeMetrics({ authorization: `Bearer ${TOKEN}` }, { ...ctx, server: { ...ctx.server, METRICS_TOKEN: TOKEN } });
    expectSamples(body, {
      'pocket_id_users{source="local",disabled="false"}': 1,
      'pocket_id_users{source="local",disabled="true"}': 1,
      'pocket_id_users{source="ldap",disabled="false"}': 2,
      'pocket_id_groups{source="ldap"}': 1,
      'pocket_id_groups{source="local"}': 1,
      'pocket_id_job_runs_total{job="MetricsTest",status="succeeded"}': 1,
      'pocket_id_job_runs_total{job="MetricsTest",status="failed"}': 1,
      'pocket_id_job_running{job="MetricsTest"}': 1,
      'pocket_id_job_last_run_failed{job="MetricsTest"}': 1,
      'pocket_id_job_last_run_duration_seconds{job="MetricsTest"}': 4,
      'pocket_id_job_last_run_count{job="MetricsTest",count="usersCreated"}': 3,
    });
    const lastSuccess = sample(body, 'pocket_id_job_last_success_timestamp_seconds{job="MetricsTest"}')!;
    expect(Date.now() / 1000 - lastSuccess).toBeGreaterThan(2 * 3600);
    expect(sample(body, "pocket_id_database_up")).toBe(1);
    expect(body).toContain("process_cpu_seconds_total");
  });

  it("counts failed sign-ins that were attempts, not malformed requests", async () => {
    const { ctx } = use();
    const failures = () => signInCounts().find((entry) => entry.method === "passkey" && entry.outcome === "failure")!.count;
    const before = failures();
    await recordSignInFailure("passkey", new UnauthenticatedError("no", "unknown_passkey"), ctx);
    await recordSignInFailure("passkey", new ValidationError("junk"), ctx);
    expect(failures()).toBe(before + 1);
  });
});

// "Test connection": connect and bind, check the search base, run the user and group searches with
// a small page and map a few entries through the attribute configuration, reporting each step in
// plain words. Uses the sync's own connection, search and error modules, so what the test accepts
// is what a sync will do. Nothing is written anywhere.
import "server-only";
import { ResultCodeError, type Client, type Entry } from "ldapts";
import type {
  ConnectionTestReport,
  ConnectionTestStep,
  ConnectionTestStepId,
  EntryCount,
  SampleGroup,
  SampleUser,
} from "@/lib/config/connection-test";
import type { Settings } from "@/lib/config/settings";
import { ldapSyncConfig, type LdapSyncConfig } from "./config";
import { openLdapConnection } from "./connection";
import { first } from "./entry";
import { LdapError, translateLdapError } from "./errors";
import { groupSearchSpec, searchPages, userSearchSpec, type SearchSpec } from "./fetch";
import { mapGroupEntry, mapUserEntry } from "./map";

/** The page size of the test searches: small, so the first answer comes quickly. */
const TEST_PAGE_SIZE = 25;
const SAMPLE_SIZE = 5;
/** Counting stops here so a test against a huge directory still answers in seconds. */
const COUNT_LIMIT = 5000;

const STEP_LABELS: Record<ConnectionTestStepId, string> = {
  connect: "Connect",
  bind: "Bind",
  base: "Search base",
  users: "User search",
  groups: "Group search",
};

type Step = (id: ConnectionTestStepId, status: ConnectionTestStep["status"], message: string) => void;

/** Raised to stop at a failed step, after the step was recorded. */
class StepFailed extends Error {}

export async function runConnectionTest(settings: Settings): Promise<ConnectionTestReport> {
  const steps: ConnectionTestStep[] = [];
  const report: ConnectionTestReport = { ok: false, steps, users: null, groups: null, sampleUsers: [], sampleGroups: [] };
  const step: Step = (id, status, message) => steps.push({ id, label: STEP_LABELS[id], status, message });
  const fail = (id: ConnectionTestStepId, error: unknown): never => {
    step(id, "error", (error instanceof LdapError ? error : translateLdapError(error, { url: settings.LDAP_URL })).message);
    throw new StepFailed();
  };

  const config = ldapSyncConfig(settings);
  const context = { url: config.connection.url, timeoutSeconds: config.connection.timeoutSeconds };
  const url = new URL(config.connection.url);
  const secure = url.protocol === "ldaps:";
  const where = `${url.hostname}:${url.port || (secure ? 636 : 389)}`;
  const transport = secure ? " over TLS" : config.connection.startTls ? " with StartTLS" : " (unencrypted: consider ldaps:// or StartTLS)";

  let client: Client | undefined;
  let close = async () => {};
  try {
    const connection = await openLdapConnection(config.connection).catch((error: unknown) => {
      // An LDAP result (e.g. invalid credentials) means the connection itself worked.
      const cause = (error as { cause?: unknown }).cause;
      if (!(cause instanceof ResultCodeError)) return fail("connect", error);
      step("connect", "ok", `Connected to ${where}${transport}.`);
      return fail("bind", error);
    });
    ({ client, close } = connection);
    step("connect", "ok", `Connected to ${where}${transport}.`);
    step("bind", "ok", `Bound as ${config.connection.bindDn}.`);

    await client
      .search(config.base, { scope: "base", filter: "(objectClass=*)", attributes: ["1.1"] })
      .catch((error) => fail("base", translateLdapError(error, { ...context, base: config.base, operation: "search base check" })));
    step("base", "ok", `Search base ${config.base} found.`);

    await testUsers(client, config, report, step, context).catch((error) => fail("users", error));
    await testGroups(client, config, report, step, context).catch((error) => fail("groups", error));
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
  } finally {
    await close();
  }
  report.ok = steps.every((s) => s.status !== "error");
  return report;
}

type ErrorContext = { url: string; timeoutSeconds: number };

async function testUsers(client: Client, config: LdapSyncConfig, report: ConnectionTestReport, step: Step, context: ErrorContext) {
  // Pictures are left out: the test shows who would be synced, not megabytes of photos.
  const attributes = { ...config.attributes, picture: "" };
  const { count, samples } = await searchSample(client, userSearchSpec({ ...config, attributes }), context);
  report.users = count;
  if (count.count === 0) {
    step("users", "error", `User filter matched 0 entries below ${config.base}: check the user search filter and the search base.`);
    return;
  }
  report.sampleUsers = samples.map((entry): SampleUser => {
    const mapped = mapUserEntry(entry, attributes);
    if (mapped.ok) {
      const { dn, ldapId, username, email, firstName, lastName, displayName } = mapped.value;
      return { dn, uniqueId: ldapId, username, email, firstName, lastName, displayName, skipReason: null };
    }
    const { skip } = mapped;
    return { dn: skip.dn, uniqueId: skip.ldapId ?? null, username: skip.name ?? null, email: null, firstName: null, lastName: null, displayName: null, skipReason: skip.reason };
  });
  const problems = [
    missing(samples, attributes.userId, "Unique identifier", "error"),
    missing(samples, attributes.username, "Username", "error"),
    missing(samples, attributes.email, "E-mail", "warning", "those users sync without an e-mail address"),
    missing(samples, attributes.firstName, "First name", "warning"),
    skipped(report.sampleUsers, samples, [attributes.userId, attributes.username]),
  ];
  step("users", ...summary("User filter", count, problems));
}

async function testGroups(client: Client, config: LdapSyncConfig, report: ConnectionTestReport, step: Step, context: ErrorContext) {
  const a = config.attributes;
  const { count, samples } = await searchSample(client, groupSearchSpec(config), context);
  report.groups = count;
  if (count.count === 0) {
    step("groups", "warning", `Group filter matched 0 entries below ${config.base}: no groups will be synced.`);
    return;
  }
  report.sampleGroups = samples.map((entry): SampleGroup => {
    const mapped = mapGroupEntry(entry, a);
    if (mapped.ok) return { dn: entry.dn, uniqueId: mapped.value.ldapId, name: mapped.value.name, memberCount: mapped.value.members.length, skipReason: null };
    return { dn: entry.dn, uniqueId: mapped.skip.ldapId ?? null, name: mapped.skip.name ?? null, memberCount: 0, skipReason: mapped.skip.reason };
  });
  const problems = [
    missing(samples, a.groupId, "Group unique identifier", "error"),
    missing(samples, a.groupName, "Group name", "error"),
    skipped(report.sampleGroups, samples, [a.groupId, a.groupName]),
    report.sampleGroups.every((group) => group.memberCount === 0)
      ? { status: "warning" as const, message: `No sample group has members in \`${a.groupMember}\`: check the group members attribute.` }
      : null,
  ];
  step("groups", ...summary("Group filter", count, problems));
}

type Problem = { status: "error" | "warning"; message: string } | null;

function summary(what: string, count: EntryCount, problems: Problem[]): [ConnectionTestStep["status"], string] {
  const found = problems.filter((problem) => problem !== null);
  const amount = count.capped ? `more than ${count.count.toLocaleString("en")}` : count.count.toLocaleString("en");
  const matched = `${what} matched ${amount} ${count.count === 1 && !count.capped ? "entry" : "entries"}.`;
  const status = found.some((p) => p.status === "error") ? "error" : found.length ? "warning" : "ok";
  return [status, [matched, ...found.map((p) => p.message)].join(" ")];
}

/** The sync's paged search with a small page: the first entries as samples, the rest counted up to COUNT_LIMIT. */
async function searchSample(client: Client, spec: SearchSpec, context: ErrorContext): Promise<{ count: EntryCount; samples: Entry[] }> {
  const samples: Entry[] = [];
  let count = 0;
  for await (const page of searchPages(client, { ...spec, pageSize: TEST_PAGE_SIZE }, context)) {
    samples.push(...page.slice(0, SAMPLE_SIZE - samples.length));
    count += page.length;
    if (count >= COUNT_LIMIT) return { count: { count, capped: true }, samples };
  }
  return { count: { count, capped: false }, samples };
}

function missing(samples: Entry[], attribute: string, what: string, status: "error" | "warning", consequence?: string): Problem {
  const without = samples.filter((entry) => first(entry, attribute) === undefined).length;
  if (without === 0) return null;
  const suffix = consequence ? `: ${consequence}` : "";
  return { status, message: `${what} attribute \`${attribute}\` missing on ${without} of ${samples.length} sample entries${suffix}.` };
}

/**
 * Entries a sync would skip for reasons other than a missing attribute (reported above): invalid
 * username, e-mail, ... A warning: skipped entries never fail a sync.
 */
function skipped(records: { skipReason: string | null }[], entries: Entry[], required: string[]): Problem {
  const reasons = records
    .filter((record, i) => record.skipReason !== null && required.every((attribute) => first(entries[i], attribute) !== undefined))
    .map((record) => record.skipReason);
  if (reasons.length === 0) return null;
  return { status: "warning", message: `${reasons.length} of ${records.length} sample entries would be skipped (${[...new Set(reasons)].join("; ")}).` };
}

// Bad input over HTTP: the route handlers, the pages' URL parameters and a representative set of
// server actions (sent as the browser sends them, with a Next-Action header), fed the same hostile
// inputs as lib/security/verbs.security.test.ts — plus what only HTTP can carry: malformed bodies,
// unknown action ids, oversized requests. Every answer is a clear 4xx (an error envelope with a
// 4xx status for actions), never a 500 — except bodies Next.js itself cannot decode, which it
// refuses with an error row before any action code runs — and a full dump of every table is
// unchanged at the end.
import { expect, test } from "@playwright/test";
import { userGroups, users, webauthnCredentials } from "../lib/db/schema";
import { configFormDefaults } from "../lib/config/form-schema";
import { DEFAULT_SETTINGS } from "../lib/config/settings";
import { fieldCases, HOSTILE_UNICODE, INJECTION, ONE_MEGABYTE, scalarCases, wholeInputCases, type FieldKind, type FuzzCase } from "../lib/security/testing/fuzz";
import type { TableDump } from "../lib/security/testing/dump";
import { isMalformedPath } from "../lib/security/request-limits";
import { startAppWithDatabase, type AppWithDatabase } from "../lib/security/testing/e2e";
import { serverActionId } from "./fixtures/server-action";

let env: AppWithDatabase;
let admin: Awaited<ReturnType<AppWithDatabase["signedIn"]>>;
let member: Awaited<ReturnType<AppWithDatabase["signedIn"]>>;
let ids: { local: string; group: string; passkey: string };
let before: TableDump;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  // Requests name their client in X-Forwarded-For, as a reverse proxy would.
  env = await startAppWithDatabase({ env: { TRUST_PROXY: "true" } });
  admin = await env.signedIn({ username: "admin", isAdmin: true });
  member = await env.signedIn({ username: "member" });
  const [local] = await env.db.insert(users).values({ username: "carol", firstName: "Carol", displayName: "Carol" }).returning({ id: users.id });
  const [group] = await env.db.insert(userGroups).values({ name: "staff", friendlyName: "Staff" }).returning({ id: userGroups.id });
  const [passkey] = await env.db
    .insert(webauthnCredentials)
    .values({ userId: member.userId, name: "Laptop", credentialId: "fuzz-credential", publicKey: Buffer.alloc(77) })
    .returning({ id: webauthnCredentials.id });
  ids = { local: local.id, group: group.id, passkey: passkey.id };
  // Sessions slide their expiry on use (at most once a minute): the dump leaves them out.
  before = await env.dump({ except: ["sessions"] });
});
test.afterAll(async () => {
  try {
    // After every test: not one row changed anywhere.
    if (env) expect(await env.dump({ except: ["sessions"] })).toEqual(before);
  } finally {
    await env?.stop();
  }
});

interface Answer {
  http: number;
  /** The action's envelope status (4xx/200), when the answer carried one. */
  status?: number;
  message?: string;
  /** Next.js itself refused the request (an error row, no result): the action never ran. */
  frameworkError?: boolean;
}

/** Posts a server action like the browser; a raw `body` replaces the JSON-encoded arguments. */
async function sendAction(actionId: string, args: unknown[], options: { cookie?: string; body?: string; contentType?: string } = {}): Promise<Answer> {
  const response = await fetch(`${env.app.url}/settings/account`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Next-Action": actionId,
      "Content-Type": options.contentType ?? "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: env.app.url,
      "X-Forwarded-For": "198.51.100.77",
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    body: options.body ?? JSON.stringify(args),
  });
  const text = await response.text();
  for (const line of text.split("\n")) {
    const json = line.slice(line.indexOf(":") + 1);
    if (!json.startsWith("{")) continue;
    const value = JSON.parse(json) as { ok?: boolean; status?: number; message?: string };
    if (typeof value.ok === "boolean") return { http: response.status, status: value.ok ? 200 : value.status, message: value.message };
  }
  return { http: response.status, frameworkError: /^\d+:E\{"digest":"\d+"\}$/m.test(text) };
}

/** A clear refusal: an error envelope with a 4xx status and a message, or a plain HTTP 4xx. */
function refused(answer: Answer): boolean {
  if (answer.status !== undefined) return answer.status >= 400 && answer.status < 500 && Boolean(answer.message);
  return answer.http >= 400 && answer.http < 500;
}

const profile = { username: "fuzz-user", email: "fuzz@example.org", firstName: "Fuzz", lastName: "User", displayName: "" };
const config = () => ({ ...configFormDefaults(DEFAULT_SETTINGS), LDAP_URL: "ldap://127.0.0.1:1", LDAP_BASE: "dc=example,dc=org" });

interface ActionSurface {
  name: string;
  file: string;
  cookie: () => string | undefined;
  valid: () => unknown;
  fields?: Record<string, FieldKind>;
  scalar?: FieldKind;
}

const ACTIONS: ActionSurface[] = [
  { name: "createUserAction", file: "app/settings/admin/users/actions.ts", cookie: () => admin.cookie, valid: () => ({ ...profile, isAdmin: true }), fields: { username: "identifier", email: "identifier", firstName: "text", displayName: "text", isAdmin: "boolean" } },
  { name: "updateGroupAction", file: "app/settings/admin/user-groups/[id]/actions.ts", cookie: () => admin.cookie, valid: () => ({ id: ids.group, name: "renamed", friendlyName: "Renamed" }), fields: { id: "id", name: "identifier", friendlyName: "text" } },
  { name: "addGroupMembersAction", file: "app/settings/admin/user-groups/[id]/actions.ts", cookie: () => admin.cookie, valid: () => ({ groupId: ids.group, userIds: [ids.local] }), fields: { groupId: "id", userIds: "ids" } },
  { name: "deleteUserAction", file: "app/settings/admin/users/[id]/actions.ts", cookie: () => admin.cookie, valid: () => ids.local, scalar: "id" },
  { name: "endUserSessionsAction", file: "app/settings/admin/users/[id]/actions.ts", cookie: () => admin.cookie, valid: () => ids.local, scalar: "id" },
  { name: "createLoginLinkAction", file: "app/settings/admin/users/[id]/actions.ts", cookie: () => admin.cookie, valid: () => ({ userId: ids.local, ttlMinutes: 60 }), fields: { userId: "id", ttlMinutes: "number" } },
  { name: "saveConfigurationAction", file: "app/settings/admin/application-configuration/actions.ts", cookie: () => admin.cookie, valid: config, fields: { APP_NAME: "text", LDAP_URL: "identifier", LDAP_BIND_DN: "identifier", LDAP_BIND_PASSWORD: "secret", LDAP_USER_SEARCH_FILTER: "identifier", LDAP_ENABLED: "boolean" } },
  { name: "syncLdapNowAction", file: "app/settings/admin/application-configuration/actions.ts", cookie: () => admin.cookie, valid: () => ({ force: true }), fields: { force: "boolean" } },
  { name: "renamePasskeyAction", file: "app/settings/account/actions.ts", cookie: () => member.cookie, valid: () => ({ passkeyId: ids.passkey, name: "Renamed" }), fields: { passkeyId: "id", name: "text" } },
  { name: "updateAccountAction", file: "app/settings/account/actions.ts", cookie: () => member.cookie, valid: () => profile, fields: { username: "identifier", email: "identifier", firstName: "text", lastName: "text" } },
  { name: "finishSignInAction", file: "app/login/actions.ts", cookie: () => undefined, valid: () => ({}), fields: {} },
];

for (const action of ACTIONS) {
  test(`${action.name} over HTTP: bad input, a non-admin, an anonymous caller — all refused`, async () => {
    const id = serverActionId(action.name, action.file);
    const cases: FuzzCase[] = action.scalar
      ? scalarCases(action.scalar)
      : [...wholeInputCases(), ...fieldCases(action.valid() as Record<string, unknown>, action.fields ?? {})];
    const wrong: string[] = [];
    for (const fuzz of cases) {
      const answer = await sendAction(id, [fuzz.input], { cookie: action.cookie() });
      if (!refused(answer)) wrong.push(`${fuzz.label} → HTTP ${answer.http} ${answer.status ?? ""} ${answer.message ?? ""}`);
    }
    // The valid input from callers who may not use it.
    const callers = action.cookie() === admin.cookie ? [member.cookie, undefined] : action.cookie() ? [undefined] : [];
    for (const cookie of callers) {
      const answer = await sendAction(id, [action.valid()], { cookie });
      if (answer.status !== (cookie ? 403 : 401)) wrong.push(`valid input as ${cookie ? "member" : "anonymous"} → ${answer.status ?? `HTTP ${answer.http}`}`);
    }
    expect(wrong).toEqual([]);
  });
}

test("malformed action requests: unknown ids, broken bodies, multipart junk, a body over 1 MB", async () => {
  const createUser = serverActionId("createUserAction", "app/settings/admin/users/actions.ts");
  const answers: [string, Answer][] = [
    ["unknown action id", await sendAction("00".repeat(21), [{}], { cookie: admin.cookie })],
    ["action id with metacharacters", await sendAction("*()\\", [{}], { cookie: admin.cookie })],
    ["body that is not JSON", await sendAction(createUser, [], { cookie: admin.cookie, body: "{not json" })],
    ["body that is a JSON string", await sendAction(createUser, [], { cookie: admin.cookie, body: '"just a string"' })],
    ["multipart junk", await sendAction(createUser, [], { cookie: admin.cookie, contentType: "multipart/form-data; boundary=x", body: "--x\r\nContent-Disposition: form-data; name=\"1_$ACTION_ID\"\r\n\r\njunk\r\n--x--\r\n" })],
    ["2 MB of arguments", await sendAction(createUser, [{ ...profile, firstName: ONE_MEGABYTE, lastName: ONE_MEGABYTE }], { cookie: admin.cookie })],
  ];
  // A body Next.js cannot decode is refused by Next.js before any action code: an error row, no result.
  const wrong = answers
    .filter(([, answer]) => !refused(answer) && !answer.frameworkError)
    .map(([what, answer]) => `${what} → HTTP ${answer.http} ${answer.status ?? ""}`);
  expect(wrong).toEqual([]);
});

test("route handlers and page parameters: hostile query strings, paths and cookies", async () => {
  const wrong: string[] = [];
  const hostile = [...Object.values(HOSTILE_UNICODE), ...Object.values(INJECTION), "x".repeat(4000), "-1", "1e309", "[]", "{}"];
  const check = async (what: string, path: string, init: RequestInit, allowed: (status: number) => boolean) => {
    const response = await fetch(`${env.app.url}${path}`, { redirect: "manual", ...init });
    if (!allowed(response.status)) wrong.push(`${what} ${path.slice(0, 80)} → ${response.status}`);
  };
  const is4xx = (status: number) => status >= 400 && status < 500;
  // A lone surrogate cannot be percent-encoded: it travels as the bytes of an encoded surrogate,
  // which are not valid UTF-8 — what a hostile client would send.
  const encode = (value: string) => value.split(/([\uD800-\uDFFF])/).map((part) => (/^[\uD800-\uDFFF]$/.test(part) ? "%ED%A0%80" : encodeURIComponent(part))).join("");
  for (const value of [...hostile, "%FF%FE"]) {
    const q = value === "%FF%FE" ? value : encode(value);
    await check("POST sync (admin)", `/api/jobs/sync-ldap?force=${q}`, { method: "POST", headers: { cookie: admin.cookie } }, (s) => s === 400 || (s === 409 && ["1", "true"].includes(value)));
    await check("GET runs (admin)", `/api/jobs/sync-ldap?limit=${q}&runId=${q}`, { headers: { cookie: admin.cookie } }, is4xx);
    await check("POST sync (bearer)", `/api/jobs/sync-ldap`, { method: "POST", headers: { authorization: `Bearer ${value.replace(/[^\x20-\x7e]/g, "?")}` } }, (s) => s === 401);
    await check("GET runs (member)", `/api/jobs/sync-ldap?limit=${q}`, { headers: { cookie: member.cookie } }, (s) => s === 403 || s === 400);
    // Lenient list parameters fall back to defaults; unknown ids are 404.
    await check("users list", `/settings/admin/users?q=${q}&page=${q}&sort=${q}&dir=${q}`, { headers: { cookie: admin.cookie } }, (s) => s === 200);
    await check("groups list", `/settings/admin/user-groups?q=${q}&page=${q}`, { headers: { cookie: admin.cookie } }, (s) => s === 200);
    // A path that is not UTF-8 is a bad request (proxy.ts); anything else names no user or group.
    const badPath = isMalformedPath(q);
    await check("user page", `/settings/admin/users/${q}`, { headers: { cookie: admin.cookie } }, (s) => s === (badPath ? 400 : 404));
    await check("group page", `/settings/admin/user-groups/${q}`, { headers: { cookie: admin.cookie } }, (s) => s === (badPath ? 400 : 404));
    // A login link with junk in it only redirects (and drops any earlier link's cookie).
    await check("login link", `/lc/${q}`, {}, (s) => s === (badPath ? 400 : 303));
    const cookieValue = q;
    await check("login link cookie", "/lc", { headers: { cookie: `pocket_id_login_link=${cookieValue}`, "X-Forwarded-For": "198.51.100.78" } }, (s) => s === 200);
    await check("session cookie", "/settings/account", { headers: { cookie: `pocket_id_session=${cookieValue}` } }, (s) => s === 307);
    await check("sign-out", "/api/auth/sign-out", { method: "POST", headers: { cookie: `pocket_id_session=${cookieValue}` } }, (s) => s === 303);
  }
  await check("GET runs (anonymous)", "/api/jobs/sync-ldap", {}, (s) => s === 401);
  // Node's HTTP server refuses a request line over its header limit: a 431, or (Node 24) it closes
  // the connection while the client is still sending. Either way no application code runs.
  const oneMegabyteUrl = await fetch(`${env.app.url}/settings/admin/users?q=${"x".repeat(1024 * 1024)}`, { headers: { cookie: admin.cookie } }).then(
    (response) => response.status,
    (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
  );
  if (typeof oneMegabyteUrl === "number" ? !is4xx(oneMegabyteUrl) : !["ECONNRESET", "EPIPE"].includes(oneMegabyteUrl)) {
    wrong.push(`a 1 MB URL → ${oneMegabyteUrl}`);
  }
  expect(wrong).toEqual([]);
});

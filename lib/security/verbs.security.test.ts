// Every server action and route handler, fuzzed at the verb level on both engines: each call does
// exactly what its action does (the verb, which parses its input with the shared zod schema), with wrong types,
// missing fields, 1 MB strings, hostile unicode, LDAP/SQL metacharacters, and as a non-admin or an
// anonymous caller. Every bad call must end in a 4xx with a message (never a 500), and the database
// must be exactly as before (a full dump of every table). e2e/security-fuzz.spec.ts sends the same
// inputs over HTTP.
import { beforeAll, expect, it } from "vitest";
import { withActor, type AppContext } from "@/lib/context";
import { describeEachEngine } from "@/lib/db/testing";
import { toActionResult } from "@/lib/http/result";
import { parseInput } from "@/lib/validation";
import { createUser, deleteUser, setUserAdmin, setUserDisabled, updateUser } from "@/lib/users/mutations";
import { listUsers, searchUsersForPicker } from "@/lib/users/list";
import { getUser } from "@/lib/users/get";
import { createGroup, deleteGroup, updateGroup } from "@/lib/groups/mutations";
import { addGroupMembers, addUserToGroups, removeGroupMembers, removeUserFromGroups } from "@/lib/groups/memberships";
import { getGroup, listGroups, searchGroupsForPicker } from "@/lib/groups/list";
import { loginCodeFormSchema, oneTimeTokenSchema } from "@/lib/auth/schema";
import { emailFormDefaults } from "@/lib/mail/form-schema";
import { saveEmailConfiguration, sendTestEmail } from "@/lib/mail/config-verbs";
import { emailLoginLink } from "@/lib/mail/login-links";
import { getBulkInviteRun, startBulkInvite } from "@/lib/mail/bulk-invite";
import { requestSignInLink } from "@/lib/mail/self-service";
import { updateMyAccount } from "@/lib/auth/account";
import { consumeLoginCode, createOneTimeAccessToken, consumeOneTimeAccessToken, findUserByLogin, previewOneTimeAccessToken } from "@/lib/auth/one-time-access";
import { deleteMyPasskey, finishPasskeyRegistration, renameMyPasskey } from "@/lib/auth/passkeys";
import { finishPasskeySignIn } from "@/lib/auth/sign-in";
import { beginSetup, finishSetup } from "@/lib/auth/setup";
import { deleteSession } from "@/lib/auth/sessions";
import { insertPasskey, insertUser } from "@/lib/auth/testing";
import { configFormDefaults } from "@/lib/config/form-schema";
import { createOidcClient, deleteOidcClient, regenerateOidcClientSecret, updateOidcClient } from "@/lib/oidc/clients";
import { getOidcClient, listGroupClients } from "@/lib/oidc/client-list";
import { revokeMyAuthorization } from "@/lib/oidc/my-apps";
import { DEFAULT_SETTINGS } from "@/lib/config/settings";
import { saveConfiguration, setLdapEnabled, testLdapConnection } from "@/lib/config/verbs";
import { startLdapSync } from "@/lib/ldap/job";
import { syncLdapQuerySchema } from "@/lib/ldap/job-schema";
import { getJobRun, getLdapSyncStatus } from "@/lib/ldap/sync-status";
import { addMembers, insertGroup } from "@/lib/users/testing";
import { removeMyPicture, setMyPicture } from "@/lib/pictures/own";
import { getProfilePicture } from "@/lib/pictures/serve";
import { dumpTables } from "./testing/dump";
import { fieldCases, scalarCases, wholeInputCases, type FieldKind, type FuzzCase } from "./testing/fuzz";

type Caller = "admin" | "member" | "anonymous";

interface Surface {
  /** The server action or route it stands for. */
  name: string;
  /** Who may call it: admin-only surfaces are also tried, with a valid input, by a member and anonymously. */
  audience: "admin" | "user" | "anyone";
  /** Read-only surfaces may answer a lenient 200 (list queries fall back to defaults); never a 500. */
  readOnly?: boolean;
  valid: () => unknown;
  cases: () => FuzzCase[];
  run: (input: unknown, ctx: AppContext) => Promise<unknown>;
}

const ids = {} as { client: string; admin: string; member: string; local: string; group: string; otherGroup: string; passkey: string; otherPasskey: string };

const profile = () => ({ username: "fuzz-target", email: "fuzz@example.org", firstName: "Fuzz", lastName: "Target", displayName: "Fuzz Target" });
const PROFILE_FIELDS: Record<string, FieldKind> = { username: "identifier", email: "identifier", firstName: "text", lastName: "text", displayName: "text" };
const objectCases = (valid: () => Record<string, unknown>, fields: Record<string, FieldKind>) => () => [...wholeInputCases(), ...fieldCases(valid(), fields)];
const scalar = (kind: FieldKind) => () => [...wholeInputCases().filter((c) => typeof c.input !== "object" || c.input === null), ...scalarCases(kind)];

/** A well-formed WebAuthn response that no challenge or credential matches. */
const assertion = () => ({
  id: "AAAA",
  rawId: "AAAA",
  type: "public-key",
  response: {
    clientDataJSON: Buffer.from(JSON.stringify({ type: "webauthn.get", challenge: "nope", origin: "http://localhost:3000" })).toString("base64url"),
    authenticatorData: "AAAA",
    signature: "AAAA",
  },
  clientExtensionResults: {},
});
const attestation = () => ({ ...assertion(), response: { clientDataJSON: assertion().response.clientDataJSON, attestationObject: "AAAA" } });
const WEBAUTHN_FIELDS: Record<string, FieldKind> = { id: "identifier", rawId: "identifier", type: "identifier", response: "object", clientExtensionResults: "object" };

/** Not an image: only callers who may upload get as far as decoding it. */
const picture = () => ({ picture: new File([new Uint8Array(Buffer.from("GIF89a not really"))], "me.gif", { type: "image/gif" }) });
const oidcClient = () => ({ id: ids.client, name: "Fuzz App", callbackUrls: ["https://fuzz.example/cb"], logoutCallbackUrls: [], isPublic: false, pkceRequired: false, allowedGroups: [], launchUrl: "" });

const config = () => ({ ...configFormDefaults(DEFAULT_SETTINGS), LDAP_URL: "ldap://127.0.0.1:1", LDAP_BASE: "dc=example,dc=org", LDAP_BIND_DN: "cn=reader,dc=example,dc=org" });
const CONFIG_FIELDS: Record<string, FieldKind> = {
  APP_NAME: "text",
  SESSION_DURATION: "identifier",
  LDAP_ENABLED: "boolean",
  LDAP_URL: "identifier",
  LDAP_BIND_DN: "identifier",
  LDAP_BIND_PASSWORD: "secret",
  LDAP_BASE: "identifier",
  LDAP_USER_SEARCH_FILTER: "identifier",
  LDAP_TLS_CA_CERT: "identifier",
  LDAP_PAGE_SIZE: "identifier",
  LDAP_ATTRIBUTE_USER_USERNAME: "identifier",
  LDAP_ADMIN_GROUP_NAME: "text",
};

const emailForm = () => ({ ...emailFormDefaults(DEFAULT_SETTINGS), SMTP_HOST: "127.0.0.1", SMTP_PORT: "1", SMTP_FROM: "id@example.org" });
const EMAIL_FIELDS: Record<string, FieldKind> = {
  SMTP_HOST: "identifier",
  SMTP_PORT: "identifier",
  SMTP_FROM: "identifier",
  SMTP_USER: "text",
  SMTP_PASSWORD: "secret",
  SMTP_TLS: "identifier",
  EMAIL_RATE_PER_MINUTE: "identifier",
  EMAIL_ONE_TIME_ACCESS_AS_UNAUTHENTICATED_ENABLED: "boolean",
};
const testEmail = () => ({ settings: emailForm(), recipient: "admin@example.org" });
const bulkInvite = () => ({ target: { kind: "selection", userIds: [ids.local] }, ttlMinutes: 60, skipInvitedWithinHours: 24 });
const bulkFilter = () => ({ target: { kind: "filter", q: "", source: "ldap" }, ttlMinutes: 60, skipInvitedWithinHours: 24 });

const SURFACES: Surface[] = [
  // app/settings/admin/users/actions.ts, [id]/actions.ts
  { name: "createUserAction", audience: "admin", valid: () => ({ ...profile(), isAdmin: true }), cases: objectCases(() => ({ ...profile(), isAdmin: true }), { ...PROFILE_FIELDS, isAdmin: "boolean" }), run: (i, c) => createUser(i as never, c) },
  { name: "updateUserAction", audience: "admin", valid: () => ({ ...profile(), id: ids.local }), cases: objectCases(() => ({ ...profile(), id: ids.local }), { ...PROFILE_FIELDS, id: "id" }), run: (i, c) => updateUser(i as never, c) },
  { name: "deleteUserAction", audience: "admin", valid: () => ids.local, cases: scalar("id"), run: (i, c) => deleteUser(i as never, c) },
  { name: "setUserDisabledAction", audience: "admin", valid: () => ({ id: ids.local, value: true }), cases: objectCases(() => ({ id: ids.local, value: true }), { id: "id", value: "boolean" }), run: (i, c) => setUserDisabled(i as never, c) },
  { name: "setUserAdminAction", audience: "admin", valid: () => ({ id: ids.local, value: true }), cases: objectCases(() => ({ id: ids.local, value: true }), { id: "id", value: "boolean" }), run: (i, c) => setUserAdmin(i as never, c) },
  { name: "addUserToGroupsAction", audience: "admin", valid: () => ({ userId: ids.local, groupIds: [ids.otherGroup] }), cases: objectCases(() => ({ userId: ids.local, groupIds: [ids.otherGroup] }), { userId: "id", groupIds: "ids" }), run: (i, c) => addUserToGroups(i as never, c) },
  { name: "removeUserFromGroupsAction", audience: "admin", valid: () => ({ userId: ids.local, groupIds: [ids.group] }), cases: objectCases(() => ({ userId: ids.local, groupIds: [ids.group] }), { userId: "id", groupIds: "ids" }), run: (i, c) => removeUserFromGroups(i as never, c) },
  { name: "searchGroupsAction", audience: "admin", readOnly: true, valid: () => ({ q: "team" }), cases: objectCases(() => ({ q: "team", excludeUserId: ids.local }), { q: "identifier", excludeUserId: "id" }), run: (i, c) => searchGroupsForPicker(i as never, c) },
  { name: "createLoginLinkAction", audience: "admin", valid: () => ({ userId: ids.local, ttlMinutes: 60 }), cases: objectCases(() => ({ userId: ids.local, ttlMinutes: 60 }), { userId: "id", ttlMinutes: "number" }), run: (i, c) => createOneTimeAccessToken(i as never, c) },
  // app/settings/admin/user-groups/actions.ts, [id]/actions.ts
  { name: "createGroupAction", audience: "admin", valid: () => ({ name: "fuzz-group", friendlyName: "Fuzz" }), cases: objectCases(() => ({ name: "fuzz-group", friendlyName: "Fuzz" }), { name: "identifier", friendlyName: "text" }), run: (i, c) => createGroup(i as never, c) },
  { name: "updateGroupAction", audience: "admin", valid: () => ({ id: ids.group, name: "renamed", friendlyName: "Renamed" }), cases: objectCases(() => ({ id: ids.group, name: "renamed", friendlyName: "Renamed" }), { id: "id", name: "identifier", friendlyName: "text" }), run: (i, c) => updateGroup(i as never, c) },
  { name: "deleteGroupAction", audience: "admin", valid: () => ids.group, cases: scalar("id"), run: (i, c) => deleteGroup(i as never, c) },
  { name: "addGroupMembersAction", audience: "admin", valid: () => ({ groupId: ids.otherGroup, userIds: [ids.local] }), cases: objectCases(() => ({ groupId: ids.otherGroup, userIds: [ids.local] }), { groupId: "id", userIds: "ids" }), run: (i, c) => addGroupMembers(i as never, c) },
  { name: "removeGroupMembersAction", audience: "admin", valid: () => ({ groupId: ids.group, userIds: [ids.local] }), cases: objectCases(() => ({ groupId: ids.group, userIds: [ids.local] }), { groupId: "id", userIds: "ids" }), run: (i, c) => removeGroupMembers(i as never, c) },
  { name: "searchUsersAction", audience: "admin", readOnly: true, valid: () => ({ q: "fuzz" }), cases: objectCases(() => ({ q: "fuzz", excludeGroupId: ids.group }), { q: "identifier", excludeGroupId: "id" }), run: (i, c) => searchUsersForPicker(i as never, c) },
  // Pages: their URL parameters reach these verbs unparsed.
  { name: "users list page (?q=&page=&sort=&source=&status=&role=)", audience: "admin", readOnly: true, valid: () => ({ q: "fuzz" }), cases: objectCases(() => ({ q: "fuzz", page: "2", sort: "email", dir: "desc", source: "local", status: "active", role: "admin" }), { q: "identifier", page: "identifier", sort: "identifier", dir: "identifier", source: "identifier", status: "identifier", role: "identifier" }), run: (i, c) => listUsers(i as never, c) },
  { name: "user page (/users/[id])", audience: "admin", readOnly: true, valid: () => ids.local, cases: scalar("id"), run: (i, c) => getUser(i as never, c) },
  { name: "groups list page", audience: "admin", readOnly: true, valid: () => ({ q: "team" }), cases: objectCases(() => ({ q: "team", page: "1" }), { q: "identifier", page: "identifier" }), run: (i, c) => listGroups(i as never, c) },
  { name: "group page (/user-groups/[id])", audience: "admin", readOnly: true, valid: () => ({ id: ids.group }), cases: objectCases(() => ({ id: ids.group, q: "", page: "1" }), { id: "id", q: "identifier", page: "identifier" }), run: (i, c) => getGroup(i as never, c) },
  // app/settings/admin/oidc-clients/actions.ts, [id]/actions.ts (fields with valid defaults are left to the verb tests)
  { name: "createOidcClientAction", audience: "admin", valid: () => ({ name: "Fuzz", callbackUrls: ["https://fuzz.example/cb"] }), cases: objectCases(() => ({ name: "Fuzz", callbackUrls: ["https://fuzz.example/cb"] }), { name: "text", callbackUrls: "ids" }), run: (i, c) => createOidcClient(i as never, c) },
  { name: "updateOidcClientAction", audience: "admin", valid: oidcClient, cases: objectCases(oidcClient, { id: "id", name: "text", callbackUrls: "ids", isPublic: "boolean", pkceRequired: "boolean", launchUrl: "identifier" }), run: (i, c) => updateOidcClient(i as never, c) },
  { name: "regenerateOidcClientSecretAction", audience: "admin", valid: () => ids.client, cases: scalar("id"), run: (i, c) => regenerateOidcClientSecret(i as never, c) },
  { name: "searchClientGroupsAction", audience: "admin", readOnly: true, valid: () => ({ q: "team" }), cases: objectCases(() => ({ q: "team" }), { q: "identifier" }), run: (i, c) => searchGroupsForPicker({ ...(i as object), anySource: true }, c) },
  { name: "client page (/oidc-clients/[id])", audience: "admin", readOnly: true, valid: () => ids.client, cases: scalar("id"), run: (i, c) => getOidcClient(i as never, c) },
  { name: "group page's applications (/user-groups/[id])", audience: "admin", readOnly: true, valid: () => ids.group, cases: scalar("id"), run: (i, c) => listGroupClients(i as never, c) },
  // app/settings/apps/actions.ts
  { name: "revokeAuthorizationAction", audience: "user", valid: () => ids.client, cases: scalar("id"), run: (i, c) => revokeMyAuthorization(i as never, c) },
  { name: "deleteOidcClientAction", audience: "admin", valid: () => ids.client, cases: scalar("id"), run: (i, c) => deleteOidcClient(i as never, c) },
  // app/settings/admin/application-configuration/actions.ts
  { name: "saveConfigurationAction", audience: "admin", valid: config, cases: objectCases(config, CONFIG_FIELDS), run: (i, c) => saveConfiguration(i as never, c) },
  { name: "setLdapEnabledAction", audience: "admin", valid: () => false, cases: scalar("boolean"), run: (i, c) => setLdapEnabled(i as never, c) },
  { name: "testLdapConnectionAction", audience: "admin", readOnly: true, valid: config, cases: objectCases(config, CONFIG_FIELDS), run: (i, c) => testLdapConnection(i as never, c) },
  // app/settings/admin/application-configuration/actions.ts: the E-mail card
  { name: "saveEmailConfigurationAction", audience: "admin", valid: emailForm, cases: objectCases(emailForm, EMAIL_FIELDS), run: (i, c) => saveEmailConfiguration(i as never, c) },
  { name: "sendTestEmailAction", audience: "admin", valid: testEmail, cases: objectCases(testEmail, { settings: "object", recipient: "identifier" }), run: (i, c) => sendTestEmail(i as never, c) },
  // app/settings/admin/users/actions.ts, [id]/actions.ts: login links by e-mail
  { name: "emailLoginLinkAction", audience: "admin", valid: () => ({ userId: ids.local, ttlMinutes: 60 }), cases: objectCases(() => ({ userId: ids.local, ttlMinutes: 60 }), { userId: "id", ttlMinutes: "number" }), run: (i, c) => emailLoginLink(i as never, c) },
  { name: "startBulkInviteAction", audience: "admin", valid: bulkInvite, cases: objectCases(bulkInvite, { target: "object", ttlMinutes: "number", skipInvitedWithinHours: "number" }), run: (i, c) => startBulkInvite(i as never, c) },
  { name: "startBulkInviteAction (filter)", audience: "admin", valid: bulkFilter, cases: () => fieldCases(bulkFilter().target, { q: "text", source: "identifier" }).map((fuzz) => ({ ...fuzz, input: { ...bulkFilter(), target: fuzz.input } })), run: (i, c) => startBulkInvite(i as never, c) },
  { name: "getBulkInviteRunAction", audience: "admin", readOnly: true, valid: () => crypto.randomUUID(), cases: scalar("id"), run: (i, c) => getBulkInviteRun(i as never, c) },
  // app/settings/admin/application-configuration/actions.ts (Sync now) and app/api/jobs/sync-ldap/route.ts
  { name: "syncLdapNowAction", audience: "admin", valid: () => ({ force: false }), cases: objectCases(() => ({ force: false }), { force: "boolean" }), run: (i, c) => startLdapSync({ ...(i as object), trigger: "manual" } as never, c) },
  { name: "POST /api/jobs/sync-ldap?force=", audience: "admin", valid: () => ({ force: "false" }), cases: objectCases(() => ({ force: "false" }), { force: "identifier" }), run: (i, c) => startLdapSync({ force: parseInput(syncLdapQuerySchema, i).force, trigger: "api" }, c) },
  { name: "GET /api/jobs/sync-ldap?limit=&runId=", audience: "admin", readOnly: true, valid: () => ({ limit: "5" }), cases: objectCases(() => ({ limit: "5", runId: crypto.randomUUID() }), { limit: "identifier", runId: "id" }), run: (i, c) => ((i as { runId?: unknown })?.runId ? getJobRun(i as never, c) : getLdapSyncStatus(i as never, c)) },
  // app/settings/account/actions.ts: the caller's own account and passkeys
  { name: "updateAccountAction", audience: "user", valid: profile, cases: objectCases(profile, { username: "identifier", email: "identifier", firstName: "text", lastName: "text" }), run: (i, c) => updateMyAccount(i as never, c) },
  { name: "renamePasskeyAction", audience: "user", valid: () => ({ passkeyId: ids.passkey, name: "Renamed" }), cases: objectCases(() => ({ passkeyId: ids.passkey, name: "Renamed" }), { passkeyId: "id", name: "text" }), run: (i, c) => renameMyPasskey(i as never, c) },
  { name: "deletePasskeyAction", audience: "user", valid: () => ({ passkeyId: ids.passkey }), cases: objectCases(() => ({ passkeyId: ids.passkey }), { passkeyId: "id" }), run: (i, c) => deleteMyPasskey(i as never, c) },
  { name: "uploadPictureAction", audience: "user", valid: picture, cases: objectCases(picture, { picture: "object" }), run: (i, c) => setMyPicture(i as never, c) },
  // The caller has no picture: removing it changes nothing, whatever the (ignored) input.
  { name: "removePictureAction", audience: "user", readOnly: true, valid: () => undefined, cases: scalar("identifier"), run: (i, c) => removeMyPicture(i as never, c) },
  // app/api/users/[id]/picture/route.ts
  { name: "GET /api/users/[id]/picture?size=&v=&token=", audience: "user", readOnly: true, valid: () => ({ userId: ids.local }), cases: objectCases(() => ({ userId: ids.local, size: "small", v: "x", token: "y" }), { userId: "id", size: "identifier", v: "identifier", token: "identifier" }), run: (i, c) => getProfilePicture(i as never, c) },
  { name: "finishPasskeyRegistrationAction", audience: "user", valid: attestation, cases: objectCases(attestation, WEBAUTHN_FIELDS), run: (i, c) => finishPasskeyRegistration({ response: i } as never, c) },
  // Anonymous surfaces: sign-in, setup, login links, sign-out.
  { name: "finishSignInAction", audience: "anyone", valid: assertion, cases: objectCases(assertion, WEBAUTHN_FIELDS), run: (i, c) => finishPasskeySignIn({ response: i } as never, c) },
  { name: "beginSetupAction (setup done)", audience: "anyone", valid: profile, cases: objectCases(profile, { username: "identifier", email: "identifier", firstName: "text", lastName: "text" }), run: (i, c) => beginSetup(i as never, c) },
  { name: "finishSetupAction", audience: "anyone", valid: attestation, cases: objectCases(attestation, WEBAUTHN_FIELDS), run: (i, c) => finishSetup({ response: i } as never, c) },
  { name: "consumeLoginLinkAction (cookie token)", audience: "anyone", valid: () => "A".repeat(43), cases: scalar("identifier"), run: (i, c) => consumeOneTimeAccessToken(parseInput(oneTimeTokenSchema, i), c) },
  { name: "signInWithCodeAction (/login/code)", audience: "anyone", valid: () => ({ code: "ABC-DEF" }), cases: objectCases(() => ({ code: "ABC-DEF" }), { code: "text" }), run: (i, c) => consumeLoginCode(parseInput(loginCodeFormSchema, i).code, c) },
  { name: "requestSignInLinkAction (/login/email)", audience: "anyone", valid: () => ({ email: "someone@example.org" }), cases: objectCases(() => ({ email: "someone@example.org" }), { email: "identifier" }), run: (i, c) => requestSignInLink(i as never, c) },
  { name: "/lc page preview (cookie token)", audience: "anyone", readOnly: true, valid: () => "A".repeat(43), cases: scalar("identifier"), run: (i, c) => previewOneTimeAccessToken(parseInput(oneTimeTokenSchema, i), c) },
  { name: "POST /api/auth/sign-out (cookie token)", audience: "anyone", readOnly: true, valid: () => "A".repeat(43), cases: scalar("identifier"), run: (i, c) => deleteSession(String(i), c) },
  // lib/cli one-time-access-token <login>
  { name: "CLI one-time-access-token lookup", audience: "admin", readOnly: true, valid: () => "fuzz", cases: scalar("identifier"), run: (i, c) => findUserByLogin(String(i), c) },
];

/** HTTP status the action envelope would carry: 200 when the call succeeded. */
async function statusOf(call: () => Promise<unknown>): Promise<{ status: number; message?: string }> {
  try {
    await call();
    return { status: 200 };
  } catch (error) {
    const result = toActionResult(error);
    return result.ok ? { status: 200 } : { status: result.status, message: result.message };
  }
}

describeEachEngine("every action and route refuses bad input and hostile callers, changing nothing", (use) => {
  const contexts = {} as Record<Caller, AppContext>;

  beforeAll(async () => {
    const { ctx } = use();
    ids.admin = (await insertUser(ctx, { username: "fuzz-admin", isAdmin: true })).id;
    ids.member = (await insertUser(ctx, { username: "fuzz-member" })).id;
    ids.local = (await insertUser(ctx, { username: "fuzz-local", email: "local@example.org" })).id;
    ids.group = (await insertGroup(ctx, { name: "team" })).id;
    ids.otherGroup = (await insertGroup(ctx, { name: "other-team" })).id;
    await addMembers(ctx, ids.group, [ids.local]);
    ids.passkey = await insertPasskey(ctx, ids.member, "Laptop");
    ids.otherPasskey = await insertPasskey(ctx, ids.member, "Phone");
    ids.client = (await createOidcClient({ name: "Fuzz App", callbackUrls: ["https://fuzz.example/cb"] }, ctx)).clientId;
    contexts.admin = withActor(ctx, { userId: ids.admin, isAdmin: true, kind: "user" });
    contexts.member = withActor(ctx, { userId: ids.member, isAdmin: false, kind: "user" });
    contexts.anonymous = withActor(ctx, null);
  });

  for (const surface of SURFACES) {
    it(`${surface.name}: every bad input gets a 4xx with a message, nothing changes`, async () => {
      const caller: Caller = surface.audience === "admin" ? "admin" : surface.audience === "user" ? "member" : "anonymous";
      const before = await dumpTables(use().ctx.db);
      const wrong: string[] = [];
      for (const fuzz of surface.cases()) {
        const { status, message } = await statusOf(() => surface.run(fuzz.input, contexts[caller]));
        const acceptable = (status >= 400 && status < 500 && Boolean(message)) || (surface.readOnly && status === 200);
        if (!acceptable) wrong.push(`${fuzz.label} → ${status} ${message ?? ""}`.trim());
      }
      // Only the caller decides: the valid input from someone not allowed to use it.
      const refusedCallers: Caller[] = surface.audience === "admin" ? ["member", "anonymous"] : surface.audience === "user" ? ["anonymous"] : [];
      for (const who of refusedCallers) {
        const { status } = await statusOf(() => surface.run(surface.valid(), contexts[who]));
        if (status !== (who === "anonymous" ? 401 : 403)) wrong.push(`valid input as ${who} → ${status}`);
      }
      expect(wrong).toEqual([]);
      expect(await dumpTables(use().ctx.db)).toEqual(before);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });
  }
});

// For vitest suites: the fixture directory in a real slapd for one describe block, and the sync against it.
import { afterAll, beforeAll } from "vitest";
import type { AppContext } from "@/lib/context";
import { runLdapSync } from "../sync";
import { fixtureLdif } from "./fixtures";
import { startSlapd, type SlapdServer } from "./slapd";
import { fixtureSyncEnv, withLdapEnv } from "./sync-helpers";

/** FreeIPA's account-lock attribute, so a test can lock an account the way 389-ds does. */
const NS_ACCOUNT_LOCK_SCHEMA =
  "attributetype ( 2.16.840.1.113730.3.1.610 NAME 'nsAccountLock' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )";

/**
 * A slapd holding the fixture directory for the enclosing describe block (started before its tests,
 * stopped after), and `sync(overrides)` running the LDAP sync against it with the fixture settings.
 */
export function fixtureDirectory(ctx: () => AppContext, { lockAttribute = false, env = {} }: { lockAttribute?: boolean; env?: Record<string, string> } = {}) {
  let server: SlapdServer | undefined;
  beforeAll(async () => {
    server = await startSlapd(lockAttribute ? { extraGlobalConfig: NS_ACCOUNT_LOCK_SCHEMA } : {});
    await server.add(fixtureLdif(server.suffix));
  });
  afterAll(() => server?.stop());
  const directory = {
    get server(): SlapdServer {
      if (!server) throw new Error("the fixture directory starts in beforeAll");
      return server;
    },
    sync: (overrides: Record<string, string> = {}) =>
      runLdapSync({}, withLdapEnv(ctx(), { ...fixtureSyncEnv(directory.server), ...env, ...overrides })),
  };
  return directory;
}

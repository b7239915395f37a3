import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readServerEnv } from "./env";
import { checkVariableNames, knownVariableNames } from "./env-names";
import { POCKET_ID_NOT_APPLICABLE } from "./pocket-id";
import { SERVER_ENV_ALIASES } from "./server-env";
import { SETTING_ALIASES } from "./settings";

describe("misspelled environment variables", () => {
  it("names the closest known variable", () => {
    const report = checkVariableNames({
      LDAP_BIND_PASWORD: "x",
      ldap_url: "ldap://x",
      DATABSE_URL: "postgres://x",
      LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFER: "uid",
      TRUSTED_PROXY: "true",
      LDAP_BIND_PASSWORD_FIEL: "/run/secrets/pw",
    });
    expect(report.misspelled).toEqual([
      { name: "DATABSE_URL", suggestion: "DATABASE_URL" },
      { name: "LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFER", suggestion: "LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER" },
      { name: "LDAP_BIND_PASSWORD_FIEL", suggestion: "LDAP_BIND_PASSWORD_FILE" },
      { name: "LDAP_BIND_PASWORD", suggestion: "LDAP_BIND_PASSWORD" },
      { name: "TRUSTED_PROXY", suggestion: "TRUST_PROXY" },
      { name: "ldap_url", suggestion: "LDAP_URL" },
    ]);
  });

  it("leaves known names and other software's variables alone", () => {
    const environment = {
      // Ours, their _FILE forms and aliases
      APP_URL: "x",
      LDAP_BIND_PASSWORD_FILE: "x",
      LDAP_TLS_CA_FILE: "x",
      DB_CONNECTION_STRING: "x",
      WEBAUTHN_USER_VERIFICATION: "x",
      PORT: "x",
      HOST: "x",
      NODE_ENV: "x",
      // A shell, a container, Node.js, npm, Kubernetes, CI
      PATH: "x",
      HOME: "x",
      HOSTNAME: "x",
      USER: "x",
      SHELL: "x",
      PWD: "x",
      OLDPWD: "x",
      TERM: "x",
      LANG: "x",
      LC_ALL: "x",
      TZ: "x",
      SHLVL: "x",
      TMPDIR: "x",
      LOGNAME: "x",
      HTTP_PROXY: "x",
      NO_PROXY: "x",
      NODE_VERSION: "x",
      NODE_OPTIONS: "x",
      NODE_PATH: "x",
      YARN_VERSION: "x",
      NEXT_TELEMETRY_DISABLED: "x",
      NEXT_RUNTIME: "x",
      INIT_CWD: "x",
      npm_config_cache: "x",
      npm_lifecycle_event: "x",
      npm_package_name: "x",
      KUBERNETES_SERVICE_HOST: "x",
      KUBERNETES_PORT: "x",
      POCKET_ID_PORT: "tcp://10.0.0.1:1411",
      POCKET_ID_SERVICE_HOST: "x",
      POCKET_ID_SERVICE_PORT: "x",
      CI: "true",
      DEBIAN_FRONTEND: "x",
    };
    expect(checkVariableNames(environment)).toEqual({ misspelled: [], pocketIdOnly: [] });
  });

  it("lists Pocket ID's variables that have no effect here, with their _FILE forms", () => {
    expect(checkVariableNames({ PUID: "1000", MAXMIND_LICENSE_KEY_FILE: "/k", EMAIL_VERIFICATION_ENABLED: "true" }).pocketIdOnly).toEqual([
      "EMAIL_VERIFICATION_ENABLED",
      "MAXMIND_LICENSE_KEY_FILE",
      "PUID",
    ]);
  });
});

describe("Pocket ID aliases", () => {
  it("reads DB_CONNECTION_STRING as DATABASE_URL; ours wins, and a SQLite path is refused by its name", () => {
    expect(readServerEnv({ DB_CONNECTION_STRING: "postgres://db/pocketid" }).DATABASE_URL).toBe("postgres://db/pocketid");
    expect(readServerEnv({ DB_CONNECTION_STRING: "postgres://a/x", DATABASE_URL: "postgres://b/y" }).DATABASE_URL).toBe("postgres://b/y");
    expect(() => readServerEnv({ DB_CONNECTION_STRING: "data/pocket-id.db" })).toThrow(/DB_CONNECTION_STRING: must start with postgres:\/\//);
  });
});

/** `| \`NAME\` | status | note |` rows of the compatibility table. */
function documentedVariables(): Map<string, string> {
  const text = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/pocket-id-compatibility.md"), "utf8");
  const rows = [...text.matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]+?) \|/gm)];
  return new Map(rows.map(([, name, status]) => [name, status]));
}

describe("docs/pocket-id-compatibility.md", () => {
  const documented = documentedVariables();
  const aliases = new Map<string, string>(
    [...Object.entries(SERVER_ENV_ALIASES), ...Object.entries(SETTING_ALIASES)].flatMap(([ours, names]) => (names ?? []).map((name) => [name, ours])),
  );

  it("lists every Pocket ID variable this app ignores or reads under another name", () => {
    for (const name of POCKET_ID_NOT_APPLICABLE) expect(documented.get(name), name).toBe("not applicable");
    for (const [name, ours] of aliases) expect(documented.get(name), name).toBe(`alias of \`${ours}\``);
  });

  it("calls supported only what this app reads under that name", () => {
    const known = knownVariableNames();
    for (const [name, status] of documented) {
      if (status === "supported") expect(known.has(name) && !aliases.has(name), name).toBe(true);
      else if (status === "not applicable") expect(POCKET_ID_NOT_APPLICABLE, name).toContain(name);
      else expect(aliases.has(name), `${name}: ${status}`).toBe(true);
    }
  });
});

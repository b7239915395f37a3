// Debian packages the tests need: installed with apt-get when running as root, else explained.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { commandExists } from "./lib.mjs";

const REQUIRED = [
  { check: () => fs.existsSync("/usr/sbin/slapd"), pkg: "slapd" },
  { check: () => commandExists("ldapsearch"), pkg: "ldap-utils" },
  { check: () => fs.existsSync("/usr/bin/chromium"), pkg: "chromium" },
  { check: () => commandExists("openssl"), pkg: "openssl" },
];

export function ensureSystemPackages() {
  const missing = REQUIRED.filter((item) => !item.check()).map((item) => item.pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Missing Debian packages: ${missing.join(", ")}. Install them with:\n` +
        `  sudo apt-get install --no-install-recommends ${missing.join(" ")}`,
    );
  }
  process.stderr.write(`Installing Debian packages: ${missing.join(", ")}\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const install = spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], { stdio: "inherit", env });
  if (update.status !== 0 || install.status !== 0) throw new Error(`apt-get could not install ${missing.join(", ")}`);
}

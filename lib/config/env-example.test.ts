// .env.example lists every variable the code reads, each once, and nothing else: adding a setting
// without documenting it there (or leaving a removed one behind) fails here.
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { knownVariableNames } from "./env-names";
import { serverEnvSchema } from "./server-env";
import { SETTING_FILE_VARIABLES, SETTING_KEYS } from "./settings";

const example = fs.readFileSync(path.resolve(import.meta.dirname, "../../.env.example"), "utf8");
const listed = [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);

it(".env.example names each variable the app reads exactly once", () => {
  // The primary names; Pocket ID's aliases and NAME_FILE variants are mentioned, not listed.
  const expected = [...Object.keys(serverEnvSchema.shape), ...SETTING_KEYS, ...Object.values(SETTING_FILE_VARIABLES), "PORT", "HOST"];
  expect([...listed].sort()).toEqual([...new Set(expected)].sort());
  for (const name of listed) expect(knownVariableNames().has(name), name).toBe(true);
});

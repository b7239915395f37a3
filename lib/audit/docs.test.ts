// docs/audit-log.md lists exactly the events the code records (AUDIT_EVENTS): a new event without
// its row in the table, or a row for an event that no longer exists, fails here.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_EVENT_NAMES } from "./events";

function documentedEvents(): string[] {
  const text = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/audit-log.md"), "utf8");
  const table = text.slice(text.indexOf("## Events"), text.indexOf("\n## ", text.indexOf("## Events") + 1));
  // A row's first cell names one or more events: | `user.created` / `user.updated` | ...
  return [...table.matchAll(/^\| ([^|]+) \|/gm)].flatMap(([, cell]) => [...cell.matchAll(/`([a-z_]+\.[a-z_]+)`/g)].map(([, name]) => name));
}

describe("docs/audit-log.md", () => {
  it("documents every audit event, and only those", () => {
    expect([...documentedEvents()].sort()).toEqual([...AUDIT_EVENT_NAMES].sort());
  });
});

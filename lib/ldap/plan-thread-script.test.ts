// The worker thread's bundled script: built from the sources, reused from the disk cache while they
// are unchanged, rebuilt when one changed. The sync tests run the thread itself.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadPlanThreadScript } from "./plan-thread-script";

const root = process.cwd();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-thread-cache-"));
const cacheFile = path.join(dir, "plan-thread.js");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the plan thread's script", () => {
  it("is bundled once, then read from the cache until a source it was built from changes", async () => {
    const first = await loadPlanThreadScript(root, cacheFile);
    expect(first.built).toBe(true);
    expect(first.script).toContain("runPlanThread");
    const meta = JSON.parse(fs.readFileSync(`${cacheFile}.json`, "utf8")) as { inputs: Record<string, [number, number]> };
    expect(Object.keys(meta.inputs)).toEqual(expect.arrayContaining(["lib/ldap/plan-thread.ts", "lib/ldap/decode.ts", "lib/ldap/map.ts"]));
    // Every sync starts this script: zod's schema API and its locales (850 KB) once doubled its start (~1 MB; ~190 KB without).
    expect(first.script.length).toBeLessThan(400_000);

    const second = await loadPlanThreadScript(root, cacheFile);
    expect(second).toEqual({ script: first.script, built: false });

    // As if lib/ldap/map.ts had been edited since: its recorded size no longer matches.
    meta.inputs["lib/ldap/map.ts"][0] += 1;
    fs.writeFileSync(`${cacheFile}.json`, JSON.stringify({ ...JSON.parse(fs.readFileSync(`${cacheFile}.json`, "utf8")), inputs: meta.inputs }));
    const third = await loadPlanThreadScript(root, cacheFile);
    expect(third).toEqual({ script: first.script, built: true });
  });

  it("is bundled again when the cache cannot be read", async () => {
    fs.writeFileSync(`${cacheFile}.json`, "{ not json");
    expect((await loadPlanThreadScript(root, cacheFile)).built).toBe(true);
  });
});

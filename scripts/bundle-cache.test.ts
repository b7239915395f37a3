// The CLI's split bundle (loadSplitBundle): built once into its own directory, loaded from the cache
// until a source changes, and the entry alone does not load what only a command's chunk needs.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadSplitBundle } from "./bundle-cache.mjs";

const root = process.cwd();
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "split-bundle-"));
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));
const options = { entryPoints: ["lib/cli/main.ts"] };

describe("loadSplitBundle", () => {
  it("builds the entry and its chunks once, then serves them from the cache until a source changes", async () => {
    const first = await loadSplitBundle({ root, cacheDir, options });
    expect(first).toMatchObject({ built: true, written: true });
    expect(path.basename(first.entry)).toBe("main.mjs");
    const files = fs.readdirSync(path.dirname(first.entry));
    expect(files.filter((file) => file.startsWith("chunk-")).length).toBeGreaterThan(5);
    // The entry holds the command table, not the commands: their code is in chunks loaded by import().
    expect(fs.statSync(first.entry).size).toBeLessThan(50_000);
    const { main } = (await import(pathToFileURL(first.entry).href)) as { main: unknown };
    expect(typeof main).toBe("function");

    expect(await loadSplitBundle({ root, cacheDir, options })).toEqual({ entry: first.entry, built: false, written: true });

    // As if lib/cli/main.ts had been edited since: its recorded size no longer matches.
    const metaFile = path.join(cacheDir, "current.json");
    const meta = JSON.parse(fs.readFileSync(metaFile, "utf8")) as { inputs: Record<string, [number, number]> };
    meta.inputs["lib/cli/main.ts"][0] += 1;
    fs.writeFileSync(metaFile, JSON.stringify(meta));
    const third = await loadSplitBundle({ root, cacheDir, options });
    expect(third.built).toBe(true);
    expect(third.entry).not.toBe(first.entry);
    expect(fs.existsSync(first.entry)).toBe(true); // a process started from it may still load its chunks
  });
});

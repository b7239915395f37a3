import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MINIMUM_NODE, isSupportedNode } from "./node-runtime.mjs";

const root = path.resolve(import.meta.dirname, "..");
const projectBin = path.join(root, "node_modules", ".bin");
// The PATH of a shell outside npm: without node_modules/.bin, so `node` is the system's (20 on these machines).
const systemPath = (process.env.PATH ?? "")
  .split(path.delimiter)
  .filter((dir) => !dir.endsWith(path.join("node_modules", ".bin")))
  .join(path.delimiter);

describe("the Node.js runtime", () => {
  it("runs the tests on a supported LTS (22.12 or later)", () => {
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(22);
    expect(isSupportedNode(process.versions.node)).toBe(true);
  });

  it("tells supported versions from older ones, and matches engines.node", () => {
    expect(["v20.20.2", "20.9.0", "22.11.0"].map(isSupportedNode)).toEqual([false, false, false]);
    expect(["22.12.0", "v22.23.3", "24.21.0", "26.10.0"].map(isSupportedNode)).toEqual([true, true, true, true]);
    const engines = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).engines.node as string;
    expect(`${engines.replace(">=", "")}.0`).toBe(MINIMUM_NODE);
  });

  it("has npm install the project's own Node, which npm scripts and npx find first", () => {
    const version = spawnSync(path.join(projectBin, "node"), ["--version"], { encoding: "utf8" }).stdout.trim();
    expect(isSupportedNode(version)).toBe(true);
  });

  it("re-runs a script started by the system's node on a supported Node, children included", () => {
    const script = `import(${JSON.stringify(path.join(root, "scripts/node-runtime.mjs"))})
      .then((runtime) => runtime.ensureSupportedNode())
      .then(() => console.log(process.versions.node, require("node:child_process").execSync("node --version").toString().trim()))`;
    const result = spawnSync("node", ["-e", script], { encoding: "utf8", env: { ...process.env, PATH: systemPath } });
    expect(result.stderr).toBe("");
    const [own, child] = result.stdout.trim().split(" ");
    expect([isSupportedNode(own), isSupportedNode(child)]).toEqual([true, true]);
  });

  it("runs the pocket-id bin directly, outside npm", () => {
    const result = spawnSync(path.join(root, "lib/cli/bin.mjs"), ["--help"], {
      encoding: "utf8",
      env: { ...process.env, PATH: systemPath },
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Usage: pocket-id <command>");
  });
});

// README.md and docs/*.md must only name repository paths, `npm run` scripts and relative links that exist.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const pathPrefixes = ["app/", "components/", "lib/", "e2e/", "scripts/", "drizzle/", "docs/", "patches/", "public/", ".ci/"];
const rootFiles = new Set([
  "package.json", "package-lock.json", "tsconfig.json", "next.config.ts", "proxy.ts", "instrumentation.ts",
  "instrumentation-client.ts", "drizzle.config.ts", "vitest.config.ts", "eslint.config.mjs", "postcss.config.mjs", "README.md",
]);

type Doc = { file: string; text: string };

function docFiles(dir: string): Doc[] {
  const docsDir = path.join(dir, "docs");
  const names = fs.existsSync(docsDir) ? fs.readdirSync(docsDir).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`) : [];
  return ["README.md", ...names].map((file) => ({ file, text: fs.readFileSync(path.join(dir, file), "utf8") }));
}

const fencePattern = /^```[^\n]*\n([\s\S]*?)^```/gm;
const codeSpanPattern = /(`+)([\s\S]*?[^`])\1(?!`)/g;

/** The text of fenced blocks and inline code spans: where paths and commands are named. */
function codeTexts(text: string): string[] {
  const blocks = [...text.matchAll(fencePattern)].map((match) => match[1]);
  const prose = text.replace(fencePattern, "");
  return [...blocks, ...[...prose.matchAll(codeSpanPattern)].map((match) => match[2])];
}

function proseWithoutCode(text: string): string {
  return text.replace(fencePattern, "").replace(codeSpanPattern, "");
}

/** Tokens that look like repository paths, e.g. `lib/ldap/sync.ts`, `lib/<area>/`, `e2e/*.spec.ts`, `proxy.ts`. */
function namedPaths(text: string): string[] {
  const tokens = codeTexts(text).flatMap((code) => code.match(/[\w.@+\-/<>[\]*]+/g) ?? []);
  const paths = tokens
    .map((token) => token.replace(/\.+$/, ""))
    .filter((token) => pathPrefixes.some((prefix) => token.startsWith(prefix)) || rootFiles.has(token));
  return [...new Set(paths)];
}

/** Whether a path exists; `<placeholder>` and `*` match any name within a segment, `**` any depth. */
function pathExists(dir: string, named: string): boolean {
  const segments = named.split("/").filter(Boolean);
  const walk = (current: string, index: number): boolean => {
    if (index === segments.length) return true;
    const segment = segments[index];
    if (segment === "**") return walk(current, index + 1) || subdirectories(current).some((sub) => walk(sub, index));
    if (!/[<*]/.test(segment)) {
      const next = path.join(current, segment);
      return fs.existsSync(next) && walk(next, index + 1);
    }
    const pattern = new RegExp(`^${segment.split(/(<[^>]*>|\*)/).map((part) => (part === "*" || part.startsWith("<") ? "[^/]+" : escapeRegExp(part))).join("")}$`);
    return listDirectory(current).some((name) => pattern.test(name) && walk(path.join(current, name), index + 1));
  };
  return walk(dir, 0);
}

function listDirectory(dir: string): string[] {
  return fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? fs.readdirSync(dir).filter((name) => name !== "node_modules") : [];
}

function subdirectories(dir: string): string[] {
  return listDirectory(dir).map((name) => path.join(dir, name)).filter((full) => fs.statSync(full).isDirectory());
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `npm run <script>`, `npm start` and `npm test` anywhere in the text. */
function namedScripts(text: string): string[] {
  const run = [...text.matchAll(/\bnpm run ([\w:.-]+)/g)].map((match) => match[1]);
  const shortcuts = [...text.matchAll(/\bnpm (start|test)\b/g)].map((match) => match[1]);
  return [...new Set([...run, ...shortcuts])];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of text.replace(fencePattern, "").matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").trim().replace(/\s/g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Every problem in one document: missing paths, unknown scripts, broken relative links and anchors. */
function docProblems(dir: string, doc: Doc, scripts: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const named of namedPaths(doc.text)) if (!pathExists(dir, named)) problems.push(`${doc.file}: no such path ${named}`);
  for (const script of namedScripts(doc.text)) if (!(script in scripts)) problems.push(`${doc.file}: no npm script "${script}"`);
  for (const [, target] of proseWithoutCode(doc.text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    if (/^[a-z][a-z+.-]*:/i.test(target)) continue;
    const [linkPath, anchor] = target.split("#");
    const resolved = path.resolve(dir, path.dirname(doc.file), decodeURIComponent(linkPath));
    if (linkPath && (!resolved.startsWith(dir + path.sep) || !fs.existsSync(resolved))) {
      problems.push(`${doc.file}: broken link ${target}`);
      continue;
    }
    const targetText = linkPath ? (resolved.endsWith(".md") ? fs.readFileSync(resolved, "utf8") : null) : doc.text;
    if (anchor && targetText !== null && !headingAnchors(targetText).has(anchor)) problems.push(`${doc.file}: no heading for ${target}`);
  }
  return problems;
}

const packageScripts = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

describe("documentation", () => {
  it("names only paths, npm scripts and links that exist", () => {
    const docs = docFiles(root);
    expect(docs.length).toBeGreaterThan(1);
    expect(docs.flatMap((doc) => docProblems(root, doc, packageScripts))).toEqual([]);
  });

  it("links every docs/ file from the README", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const unlinked = docFiles(root).slice(1).filter((doc) => !readme.includes(`](${doc.file})`)).map((doc) => doc.file);
    expect(unlinked).toEqual([]);
  });

  it("reports a planted missing path, script, link and anchor", () => {
    const doc: Doc = {
      file: "docs/planted.md",
      text: [
        "# Planted",
        "Real: `lib/ldap/sync.ts`, `app/lc/[token]/route.ts`, `lib/<area>/`, `e2e/*.spec.ts`, `proxy.ts`, `npm run bench`,",
        "[up](../README.md), [here](#planted).",
        "Missing: `lib/ldap/nope.ts`, `e2e/<file>.nope.ts`, `npm run nope`, [gone](gone.md), [anchor](../README.md#no-such-heading).",
        "```sh\nnpx vitest run scripts/missing.test.ts\n```",
      ].join("\n"),
    };
    expect(docProblems(root, doc, packageScripts)).toEqual([
      "docs/planted.md: no such path scripts/missing.test.ts",
      "docs/planted.md: no such path lib/ldap/nope.ts",
      "docs/planted.md: no such path e2e/<file>.nope.ts",
      "docs/planted.md: no npm script \"nope\"",
      "docs/planted.md: broken link gone.md",
      "docs/planted.md: no heading for ../README.md#no-such-heading",
    ]);
  });
});

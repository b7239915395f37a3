// HTTP request durations by route pattern, for every request the Next.js server handles (pages,
// route handlers, the OpenID Connect mount, static files). Node's HTTP diagnostics channels report
// each request's start and its response's finish; the route pattern comes from the build's routes
// manifest, so a label is `/settings/admin/users/[id]`, never a user's id, and the set stays bounded.
import "server-only";
import diagnostics from "node:diagnostics_channel";
import fs from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { processMetrics } from "./process";

interface ManifestRoute {
  page: string;
  regex: string;
}

interface ManifestRewrite {
  source: string;
  regex: string;
}

/** The parts of Next.js's `<distDir>/routes-manifest.json` that name routes. */
export interface RoutesManifest {
  staticRoutes: ManifestRoute[];
  dynamicRoutes: ManifestRoute[];
  rewrites?: { beforeFiles?: ManifestRewrite[]; afterFiles?: ManifestRewrite[]; fallback?: ManifestRewrite[] } | ManifestRewrite[];
}

/** The OpenID Connect mount is one catch-all route; its fixed endpoints (Pocket ID's paths) get their own labels. */
const OIDC_MOUNT = "/api/oidc/[...oidc]";
const OIDC_ENDPOINTS = new Set(["/api/oidc/token", "/api/oidc/userinfo", "/api/oidc/end-session", "/api/oidc/revoke", "/api/oidc/introspect"]);

export const UNMATCHED_ROUTE = "unmatched";
const STATIC_ASSETS = "/_next/static/*";
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * Maps a request path to its route pattern, in Next.js's order: files in public/, pages, rewrites,
 * dynamic routes.
 */
export function routeLabeler(manifest: RoutesManifest, publicFiles: readonly string[] = []): (pathname: string) => string {
  const files = new Set(publicFiles);
  const rewrites = Array.isArray(manifest.rewrites) ? manifest.rewrites : [...(manifest.rewrites?.beforeFiles ?? []), ...(manifest.rewrites?.afterFiles ?? [])];
  const patterns = [
    ...manifest.staticRoutes.map((route) => ({ label: route.page, regex: new RegExp(route.regex) })),
    ...rewrites.map((rewrite) => ({ label: rewrite.source, regex: new RegExp(rewrite.regex) })),
    ...manifest.dynamicRoutes.map((route) => ({ label: route.page, regex: new RegExp(route.regex) })),
  ];
  return (pathname) => {
    if (pathname.startsWith("/_next/static/")) return STATIC_ASSETS;
    if (files.has(pathname)) return pathname;
    const label = patterns.find((pattern) => pattern.regex.test(pathname))?.label ?? UNMATCHED_ROUTE;
    if (label !== OIDC_MOUNT) return label;
    const endpoint = pathname.replace(/\/+$/, "");
    return OIDC_ENDPOINTS.has(endpoint) ? endpoint : label;
  };
}

function readRoutesManifest(): RoutesManifest | null {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  try {
    return JSON.parse(fs.readFileSync(path.resolve(distDir, "routes-manifest.json"), "utf8")) as RoutesManifest;
  } catch {
    return null;
  }
}

/** The paths public/ serves (favicon.ico, icon.svg, ...). */
function publicFilePaths(): string[] {
  try {
    return fs
      .readdirSync("public", { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `/${path.relative("public", path.join(entry.parentPath, entry.name)).split(path.sep).join("/")}`);
  } catch {
    return [];
  }
}

function pathnameOf(url: string | undefined): string {
  const end = url?.search(/[?#]/) ?? -1;
  return (end >= 0 ? url!.slice(0, end) : url) || "/";
}

const startedKey = Symbol.for("pocket-id.metrics.http");
type Holder = { [startedKey]?: boolean };

/** Starts timing requests in this process (once; the server calls it at startup). */
export function startHttpMetrics(): void {
  const holder = globalThis as Holder;
  if (holder[startedKey]) return;
  holder[startedKey] = true;
  const manifest = readRoutesManifest();
  const label = manifest ? routeLabeler(manifest, publicFilePaths()) : () => UNMATCHED_ROUTE;
  const histogram = processMetrics().httpRequestDuration;
  // The path as the client sent it: Next.js and the OIDC mount rewrite request.url while handling it.
  const started = new WeakMap<IncomingMessage, { at: bigint; pathname: string }>();
  diagnostics.subscribe("http.server.request.start", (message) => {
    const { request } = message as { request: IncomingMessage };
    started.set(request, { at: process.hrtime.bigint(), pathname: pathnameOf(request.url) });
  });
  diagnostics.subscribe("http.server.response.finish", (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const start = started.get(request);
    if (!start) return;
    const method = METHODS.has(request.method ?? "") ? request.method! : "OTHER";
    const seconds = Number(process.hrtime.bigint() - start.at) / 1e9;
    histogram.observe({ method, route: label(start.pathname), status: String(response.statusCode) }, seconds);
  });
}

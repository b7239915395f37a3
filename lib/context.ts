import "server-only";
import type { Engine } from "@/lib/db/client";
import type { Queryable } from "@/lib/db/helpers";
import type { ServerEnv } from "@/lib/config/server-env";
import type { Settings } from "@/lib/config/settings";
import type { Logger } from "@/lib/log";

/** Who is calling a domain verb. `null` for anonymous; system jobs and the CLI use `SYSTEM_ACTOR`. */
export interface Actor {
  userId: string | null;
  isAdmin: boolean;
  kind: "user" | "system";
}

export const SYSTEM_ACTOR: Actor = { userId: null, isAdmin: true, kind: "system" };

/** Everything a domain verb needs; built by lib/runtime.ts for the server and by tests directly. */
export interface AppContext {
  /** The database, or the transaction a verb runs inside (so helpers can join it). */
  db: Queryable;
  engine: Engine;
  server: ServerEnv;
  /** Settings given in the environment; lib/config merges them with app_config. */
  envSettings: Partial<Settings>;
  encryptionKey: Buffer;
  log: Logger;
  actor: Actor | null;
  /** The web request's caller, for the audit log; absent for the CLI and background jobs. */
  request?: RequestMeta;
}

export interface RequestMeta {
  ipAddress: string;
  userAgent: string | null;
}

export function withActor(ctx: AppContext, actor: Actor | null): AppContext {
  return { ...ctx, actor };
}

// The process's provider, built from the app context and kept on globalThis (Next.js may load this
// module in several bundles). Rebuilt when the signing keys change (`oidc-keys rotate` from the CLI
// or another replica), which is checked at most every few seconds.
import "server-only";
import type Provider from "oidc-provider";
import { getAppContext } from "@/lib/runtime";
import type { AppContext } from "@/lib/context";
import { keySetVersion, loadSigningKeys } from "./keys";
import { createProvider } from "./provider";

const KEY_CHECK_INTERVAL_MS = 5_000;

interface Holder {
  provider: Provider;
  /** The provider's Node request handler, composed once (Koa composes its middleware per call). */
  handle: ReturnType<Provider["callback"]>;
  version: string;
  checkedAt: number;
}

const globalKey = Symbol.for("pocket-id.oidc-provider");
type Global = { [globalKey]?: Promise<Holder> };

async function build(ctx: AppContext): Promise<Holder> {
  const { keys, version } = await loadSigningKeys(ctx);
  const provider = createProvider(ctx, keys);
  return { provider, handle: provider.callback(), version, checkedAt: Date.now() };
}

async function current(ctx: AppContext, holder: Holder): Promise<Holder> {
  if (Date.now() - holder.checkedAt < KEY_CHECK_INTERVAL_MS) return holder;
  holder.checkedAt = Date.now();
  return (await keySetVersion(ctx)) === holder.version ? holder : build(ctx);
}

export async function getProvider(): Promise<Pick<Holder, "provider" | "handle">> {
  const ctx = await getAppContext();
  const store = globalThis as Global;
  const chain = (store[globalKey] ?? build(ctx)).then((holder) => current(ctx, holder));
  store[globalKey] = chain;
  chain.catch(() => {
    if (store[globalKey] === chain) delete store[globalKey];
  });
  return chain;
}

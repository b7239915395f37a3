import { expect, it } from "vitest";
import { describeEachEngine } from "@/lib/db/testing";
import { loadSigningKeys } from "@/lib/oidc/keys";
import { listOidcClients } from "@/lib/oidc/client-list";
import { runCommand } from "./run";
import { UsageError } from "./types";

function captureIO() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}

describeEachEngine("cli oidc-clients and oidc-keys", (use) => {
  it("create --json prints exactly one JSON object; list and delete manage the client", async () => {
    const { ctx } = use();
    const create = captureIO();
    const args = ["create", "--name", "Nextcloud", "--callback-url", "https://cloud.example/cb", "--callback-url", "https://cloud.example/cb2", "--logout-callback-url", "https://cloud.example/", "--json"];
    expect(await runCommand({ command: "oidc-clients", args }, ctx, create.io)).toBe(0);
    expect(create.out).toHaveLength(1);
    const created = JSON.parse(create.out[0]);
    expect(Object.keys(created)).toEqual(["clientId", "clientSecret"]);
    expect(created.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const pub = captureIO();
    await runCommand({ command: "oidc-clients", args: ["create", "--name", "SPA", "--callback-url", "https://spa.example/", "--public", "--json"] }, ctx, pub.io);
    expect(JSON.parse(pub.out[0]).clientSecret).toBeNull();

    const list = captureIO();
    expect(await runCommand({ command: "oidc-clients", args: ["list", "--json"] }, ctx, list.io)).toBe(0);
    const clients = JSON.parse(list.out.join("\n"));
    expect(clients.find((client: { id: string }) => client.id === created.clientId)).toMatchObject({
      name: "Nextcloud",
      isPublic: false,
      redirectUris: ["https://cloud.example/cb", "https://cloud.example/cb2"],
      postLogoutRedirectUris: ["https://cloud.example/"],
    });
    expect(list.out.join("\n")).not.toContain(created.clientSecret);

    expect(await runCommand({ command: "oidc-clients", args: ["delete", created.clientId] }, ctx, captureIO().io)).toBe(0);
    const after = captureIO();
    await runCommand({ command: "oidc-clients", args: ["list"] }, ctx, after.io);
    expect(after.out.join("\n")).not.toContain(created.clientId);
  });

  it("regenerate-secret --json prints the new secret once; create --launch-url sets the launch URL", async () => {
    const { ctx } = use();
    const create = captureIO();
    await runCommand({ command: "oidc-clients", args: ["create", "--name", "Portal", "--callback-url", "https://portal.example/cb", "--launch-url", "https://portal.example/", "--json"] }, ctx, create.io);
    const { clientId, clientSecret } = JSON.parse(create.out[0]);
    expect((await listOidcClients(ctx)).find((client) => client.id === clientId)?.launchUrl).toBe("https://portal.example/");

    const regenerated = captureIO();
    expect(await runCommand({ command: "oidc-clients", args: ["regenerate-secret", clientId, "--json"] }, ctx, regenerated.io)).toBe(0);
    expect(regenerated.out).toHaveLength(1);
    const answer = JSON.parse(regenerated.out[0]);
    expect(Object.keys(answer)).toEqual(["clientId", "clientSecret"]);
    expect(answer.clientId).toBe(clientId);
    expect(answer.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(answer.clientSecret).not.toBe(clientSecret);

    const io = captureIO().io;
    await expect(runCommand({ command: "oidc-clients", args: ["regenerate-secret"] }, ctx, io)).rejects.toBeInstanceOf(UsageError);
    await expect(runCommand({ command: "oidc-clients", args: ["regenerate-secret", "no-such-client"] }, ctx, io)).rejects.toMatchObject({ code: "not_found" });
  });

  it("explains bad input per option and changes nothing", async () => {
    const { ctx } = use();
    const io = captureIO().io;
    const count = async () => (await listOidcClients(ctx)).length;
    const before = await count();
    await expect(runCommand({ command: "oidc-clients", args: ["create", "--callback-url", "https://a.example/"] }, ctx, io)).rejects.toBeInstanceOf(UsageError);
    await expect(runCommand({ command: "oidc-clients", args: ["create", "--name", "A", "--callback-url", "https://a.example/#x"] }, ctx, io)).rejects.toThrow(
      "--callback-url #1: A callback URL cannot contain a fragment (#).",
    );
    await expect(runCommand({ command: "oidc-clients", args: ["create", "--name", "A", "--callback-url", "https://a.example/", "--bogus"] }, ctx, io)).rejects.toBeInstanceOf(UsageError);
    await expect(runCommand({ command: "oidc-clients", args: ["frobnicate"] }, ctx, io)).rejects.toBeInstanceOf(UsageError);
    expect(await count()).toBe(before);
  });

  it("oidc-keys rotate adds a signing key", async () => {
    const { ctx } = use();
    const before = (await loadSigningKeys(ctx)).keys.map((key) => key.kid);
    const { io, out } = captureIO();
    expect(await runCommand({ command: "oidc-keys", args: ["rotate"] }, ctx, io)).toBe(0);
    const kid = out[0].replace("New signing key: ", "");
    expect((await loadSigningKeys(ctx)).keys.map((key) => key.kid)).toEqual([kid, ...before]);
    await expect(runCommand({ command: "oidc-keys", args: [] }, ctx, io)).rejects.toBeInstanceOf(UsageError);
  });
});

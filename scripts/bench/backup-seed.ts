// A PostgreSQL database shaped like a large installation, for the backup benchmark: N users with
// a passkey and a custom claim each, N/100 groups with two memberships per user, sessions,
// pictures, two audit rows per user, settings with an encrypted secret, an OIDC client and a key.
// Set-based SQL, so seeding 100,000 users takes seconds; one owner gets a real passkey to sign in with.
import { sql } from "drizzle-orm";
import type { AppContext } from "@/lib/context";
import { storeSettings } from "@/lib/config";
import { beginPasskeyRegistration, finishPasskeyRegistration } from "@/lib/auth/passkeys";
import { SoftwareAuthenticator } from "@/lib/auth/software-authenticator";
import { asUser, insertUser } from "@/lib/auth/testing";
import { createOidcClient } from "@/lib/oidc/clients";
import { ensureSigningKey } from "@/lib/oidc/keys";

export async function seedBackupBench(ctx: AppContext, users: number): Promise<{ ownerId: string; authenticator: SoftwareAuthenticator }> {
  const groups = Math.max(2, Math.floor(users / 100));
  const run = (query: ReturnType<typeof sql>) => ctx.db.execute(query);
  await run(sql`insert into users (username, email, first_name, last_name, display_name, ldap_id, disabled, created_at)
    select 'user' || i, 'user' || i || '@example.com', 'First' || i, 'Last ' || i, 'User	' || i || ' ünïcødé', 'ldap-' || i, i % 50 = 0, now() - i * interval '1 second'
    from generate_series(1, ${users}) i`);
  await run(sql`insert into user_groups (name, friendly_name, ldap_id) select 'group' || g, 'Group ' || g, 'gl-' || g from generate_series(1, ${groups}) g`);
  await run(sql`with u as (select id, row_number() over (order by id) - 1 as n from users),
                     g as (select id, row_number() over (order by id) - 1 as n from user_groups)
    insert into user_group_members (user_id, group_id)
    select u.id, g.id from u join g on g.n = u.n % ${groups} or g.n = (u.n / ${groups}) % ${groups} on conflict do nothing`);
  await run(sql`insert into webauthn_credentials (user_id, name, credential_id, public_key, transports, last_used_at)
    select id, 'Passkey', md5(id::text || 'credential'), decode(repeat(md5(id::text), 5), 'hex'), '["internal","hybrid"]', now() from users`);
  await run(sql`insert into user_custom_claims (user_id, source, key, value) select id, 'ldap', 'department', 'dept-' || (hashtext(id::text) % 40) from users`);
  await run(sql`insert into sessions (user_id, token_hash, expires_at, ip_address, user_agent)
    select id, md5(id::text || 'session'), now() + interval '7 days', '192.0.2.1', 'Mozilla/5.0' from users where hashtext(id::text) % 5 = 0`);
  await run(sql`insert into user_profile_pictures (user_id, small, large, etag, public_token, source_hash)
    select id, decode(repeat(md5(id::text), 100), 'hex'), decode(repeat(md5(id::text || 'l'), 500), 'hex'), md5(id::text), md5(id::text || 't'), md5(id::text || 's')
    from users where hashtext(id::text) % 50 = 0`);
  await run(sql`insert into audit_log (event, actor_kind, target_type, target_id, target_name, details, at)
    select e.event, 'system', 'user', u.id::text, u.username, jsonb_build_object('changed', jsonb_build_array('email', 'displayName')), u.created_at
    from users u cross join (values ('user.created'), ('user.updated')) e(event)`);
  await storeSettings(ctx, { LDAP_BIND_PASSWORD: "bind secret", LDAP_URL: "ldap://directory.example" });
  await createOidcClient({ name: "Grafana", callbackUrls: ["https://grafana.example/cb"], allowedGroups: ["group1"] }, ctx);
  await ensureSigningKey(ctx);
  const owner = await insertUser(ctx, { username: "owner", isAdmin: true });
  const authenticator = new SoftwareAuthenticator();
  const options = await beginPasskeyRegistration(undefined, asUser(ctx, owner.id, true));
  await finishPasskeyRegistration({ response: authenticator.register(options) }, asUser(ctx, owner.id, true));
  await run(sql`vacuum analyze`);
  return { ownerId: owner.id, authenticator };
}

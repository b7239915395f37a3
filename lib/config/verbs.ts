// Domain verbs behind the Application Configuration page. Each checks the caller itself.
import "server-only";
import { requireAdmin } from "@/lib/auth/authorize";
import type { AppContext } from "@/lib/context";
import { z } from "zod";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { runConnectionTest } from "@/lib/ldap/test-connection";
import { recordAudit } from "@/lib/audit/record";
import { mailUser } from "@/lib/mail/recipients";
import type { ConnectionTestReport } from "./connection-test";
import {
  bindPasswordIssue,
  CONNECTION_SETTINGS,
  configFormDefaults,
  configFormSchema,
  configFormShape,
  ldapRequirementIssues,
  type ConfigFormInput,
  type ConfigFormValues,
  type PublicSettings,
} from "./form-schema";
import { deleteStoredSettings, getSettings, storeSettings, type SettingSource } from "./index";
import { DEFAULT_SETTINGS, settingsSchema, type SettingKey, type Settings } from "./settings";

export const READ_ONLY_MESSAGE =
  "The configuration is managed by environment variables (UI_CONFIG_DISABLED=true) and cannot be changed here.";

/** What the configuration page may show: everything except the passwords, which are a yes/no. */
export interface AdminConfiguration {
  values: PublicSettings;
  bindPasswordSet: boolean;
  smtpPasswordSet: boolean;
  /** The admin's own address: where "Send test e-mail" goes unless changed. */
  ownEmail: string;
  sources: Record<SettingKey, SettingSource>;
  readOnly: boolean;
}

export async function getConfigurationForAdmin(ctx: AppContext): Promise<AdminConfiguration> {
  requireAdmin(ctx);
  const { values, sources, readOnly } = await getSettings(ctx);
  const { LDAP_BIND_PASSWORD, SMTP_PASSWORD, ...publicValues } = values;
  const me = ctx.actor?.userId ? await mailUser(ctx.actor.userId, ctx) : null;
  return {
    values: publicValues,
    bindPasswordSet: LDAP_BIND_PASSWORD !== "",
    smtpPasswordSet: SMTP_PASSWORD !== "",
    ownEmail: me?.email ?? "",
    sources,
    readOnly,
  };
}

/** The settings the main configuration form saves (all of its fields but the password ones). */
const GENERAL_SETTINGS = Object.fromEntries(
  Object.keys(configFormShape)
    .filter((key) => key !== "LDAP_BIND_PASSWORD" && key !== "clearBindPassword")
    .map((key) => [key, true as const]),
) as Record<Exclude<keyof typeof configFormShape, "LDAP_BIND_PASSWORD" | "clearBindPassword">, true>;

/** The names of the settings whose effective value differs: the audit log records these, never values. */
export function changedSettingNames(before: Settings, after: Settings): SettingKey[] {
  return (Object.keys(after) as SettingKey[]).filter((key) => before[key] !== after[key]);
}

/** One card's write-only secret: a new value replaces it, none keeps it unless `clear` removes it. */
type SectionSecret = { key: "LDAP_BIND_PASSWORD" | "SMTP_PASSWORD"; value: string; clear: boolean };

/**
 * Stores one card's settings and its secret in one transaction with the `config.saved` audit row
 * (the names of the settings whose effective value changed). The values are checked once more
 * against the storage schema, so a caller that skipped the form schema cannot store junk.
 */
export async function storeSettingsSection(fields: Partial<Record<SettingKey, true>>, values: Record<string, unknown>, secret: SectionSecret, ctx: AppContext): Promise<void> {
  const settings = secret.value
    ? parseInput(settingsSchema.pick({ ...fields, [secret.key]: true }), { ...values, [secret.key]: secret.value })
    : parseInput(settingsSchema.pick(fields), values);
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const before = (await getSettings(txCtx)).values;
    await storeSettings(txCtx, settings);
    if (!secret.value && secret.clear) await deleteStoredSettings(txCtx, [secret.key]);
    const changed = changedSettingNames(before, (await getSettings(txCtx)).values);
    await recordAudit({ event: "config.saved", target: { type: "config" }, details: { changed } }, txCtx);
  });
}

/** What a save did to a card's secret, for its log line (never the value). */
export const secretChange = (secret: SectionSecret) => (secret.value ? "replaced" : secret.clear ? "cleared" : "kept");

export function refuseWhenReadOnly(ctx: AppContext): void {
  if (ctx.server.UI_CONFIG_DISABLED) throw new ForbiddenError(READ_ONLY_MESSAGE, "read_only_config");
}

/** Whether a bind password will exist without a new one: the stored one, or the environment's once cleared. */
async function passwordAvailable(values: Pick<ConfigFormValues, "clearBindPassword">, ctx: AppContext): Promise<boolean> {
  if (values.clearBindPassword) return Boolean(ctx.envSettings.LDAP_BIND_PASSWORD);
  return (await getSettings(ctx)).values.LDAP_BIND_PASSWORD !== "";
}

function throwPasswordIssue(problem: string | null): void {
  if (problem) throw new ValidationError("Check the highlighted fields.", { LDAP_BIND_PASSWORD: [problem] });
}

/**
 * Saves the form to app_config in one transaction. The bind password is encrypted; an empty
 * password field keeps the stored one unless `clearBindPassword` asks to remove it.
 */
export async function saveConfiguration(values: ConfigFormInput, ctx: AppContext): Promise<void> {
  const actor = requireAdmin(ctx);
  refuseWhenReadOnly(ctx);
  const input = parseInput(configFormSchema, values);
  throwPasswordIssue(bindPasswordIssue({ ...input, clearBindPassword: false }, await passwordAvailable(input, ctx)));
  const { LDAP_BIND_PASSWORD: password, clearBindPassword, ...rest } = input;
  // Only this form's settings: the e-mail card saves its own (lib/mail/config-verbs.ts).
  const secret = { key: "LDAP_BIND_PASSWORD" as const, value: password, clear: clearBindPassword };
  await storeSettingsSection(GENERAL_SETTINGS, rest, secret, ctx);
  ctx.log.info("Application configuration saved", {
    by: actor.userId ?? "system",
    ldap_enabled: input.LDAP_ENABLED,
    bind_change: secretChange(secret),
  });
}

/** Turns the LDAP sync on or off. Turning it on requires a complete saved configuration. */
export async function setLdapEnabled(value: boolean, ctx: AppContext): Promise<void> {
  const actor = requireAdmin(ctx);
  refuseWhenReadOnly(ctx);
  const enabled = parseInput(z.boolean(), value);
  if (enabled) {
    const { values } = await getSettings(ctx);
    const form = { ...configFormDefaults(values), LDAP_ENABLED: true };
    const result = configFormSchema.safeParse(form);
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of result.error?.issues ?? []) (fieldErrors[issue.path.join(".")] ??= []).push(issue.message);
    const passwordProblem = bindPasswordIssue(form, values.LDAP_BIND_PASSWORD !== "");
    if (passwordProblem) fieldErrors.LDAP_BIND_PASSWORD = [passwordProblem];
    if (Object.keys(fieldErrors).length) {
      throw new ValidationError("Complete and save the LDAP configuration before enabling it.", fieldErrors);
    }
  }
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const before = (await getSettings(txCtx)).values.LDAP_ENABLED;
    await storeSettings(txCtx, { LDAP_ENABLED: enabled });
    await recordAudit({ event: "config.saved", target: { type: "config" }, details: { changed: before === enabled ? [] : ["LDAP_ENABLED"] } }, txCtx);
  });
  ctx.log.info(enabled ? "LDAP enabled" : "LDAP disabled", { by: actor.userId ?? "system" });
}

/**
 * The settings that decide where the bind password goes and how it is protected. The stored
 * password is only sent when all of them equal the effective (saved or environment) values;
 * otherwise an admin could point the test at a listener of their own and read it.
 */
const PASSWORD_TARGET_SETTINGS = ["LDAP_URL", "LDAP_BIND_DN", "LDAP_START_TLS", "LDAP_SKIP_CERT_VERIFY", "LDAP_TLS_CA_CERT"] as const;

export const RETYPE_PASSWORD_MESSAGE =
  "Enter the bind password to test a different server: the saved password is only used with the saved URL, bind DN and TLS settings.";

/** Which of `keys` the form changed from the effective settings: a saved password must not follow them. */
export function changedPasswordTargets<K extends SettingKey>(input: Pick<Settings, K>, effective: Settings, keys: readonly K[]): K[] {
  const comparable = (value: unknown) => (typeof value === "string" ? value.trim() : value);
  return keys.filter((key) => comparable(input[key]) !== comparable(effective[key]));
}

/**
 * Tries the LDAP settings from the form before they are saved. An empty password field uses the
 * stored (or environment) password, but only towards the stored target (PASSWORD_TARGET_SETTINGS);
 * empty attribute fields use the sync's defaults. Allowed in read-only mode: it changes nothing.
 */
export async function testLdapConnection(values: ConfigFormInput, ctx: AppContext): Promise<ConnectionTestReport> {
  const actor = requireAdmin(ctx);
  // A test needs only the connection fields (checked below): empty attribute fields fall back to the
  // sync's defaults, so the form's "required when LDAP is enabled" rules do not apply here.
  const input = parseInput(configFormSchema, typeof values === "object" && values !== null ? { ...values, LDAP_ENABLED: false } : values);
  const target = { by: actor.userId ?? "system", url: input.LDAP_URL, bind_dn: input.LDAP_BIND_DN };
  const effective = (await getSettings(ctx)).values;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of ldapRequirementIssues({ ...input, LDAP_ENABLED: true })) {
    if (issue.field === "LDAP_START_TLS" || (CONNECTION_SETTINGS as readonly string[]).includes(issue.field)) {
      (fieldErrors[issue.field] ??= []).push(issue.message);
    }
  }
  const useStored = !input.LDAP_BIND_PASSWORD && !input.clearBindPassword && effective.LDAP_BIND_PASSWORD !== "";
  const changedTargets = useStored ? changedPasswordTargets(input, effective, PASSWORD_TARGET_SETTINGS) : [];
  const password = input.LDAP_BIND_PASSWORD || (useStored && changedTargets.length === 0 ? effective.LDAP_BIND_PASSWORD : "");
  if (changedTargets.length) {
    fieldErrors.LDAP_BIND_PASSWORD = [RETYPE_PASSWORD_MESSAGE];
    ctx.log.warn("LDAP connection test refused: the saved bind password stays with the saved server", { ...target, changed: changedTargets.join(",") });
  } else {
    const passwordProblem = bindPasswordIssue({ LDAP_ENABLED: true, LDAP_BIND_PASSWORD: password, clearBindPassword: false }, false);
    if (passwordProblem) fieldErrors.LDAP_BIND_PASSWORD = [passwordProblem];
  }
  if (Object.keys(fieldErrors).length) throw new ValidationError("Fill in the highlighted fields to test the connection.", fieldErrors);
  const { clearBindPassword: _clear, ...settings } = input;
  // The form holds no e-mail settings; the test reads none.
  const report = await runConnectionTest({ ...DEFAULT_SETTINGS, ...settings, LDAP_BIND_PASSWORD: password });
  // Nothing else is written, so the row stands alone; where it pointed, never the password.
  await recordAudit(
    {
      event: "ldap.connection_tested",
      target: { type: "ldap", name: input.LDAP_URL },
      outcome: report.ok ? "success" : "failure",
      details: { bindDn: input.LDAP_BIND_DN, password: input.LDAP_BIND_PASSWORD ? "entered" : "saved" },
    },
    ctx,
  );
  ctx.log.info("LDAP connection tested", { ...target, password: input.LDAP_BIND_PASSWORD ? "entered" : "saved", ok: report.ok });
  return report;
}

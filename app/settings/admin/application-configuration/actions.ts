"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getRequestContext } from "@/lib/auth/guards";
import { configFormSchema } from "@/lib/config/form-schema";
import { saveConfiguration, setLdapEnabled, testLdapConnection } from "@/lib/config/verbs";
import { parseInput, runAction } from "@/lib/http/result";

// The settings layout shows APP_NAME, so the whole /settings tree is revalidated.
const revalidateSettings = () => revalidatePath("/settings", "layout");

export async function saveConfigurationAction(values: unknown) {
  const result = await runAction(async () => saveConfiguration(parseInput(configFormSchema, values), await getRequestContext()));
  revalidateSettings();
  return result;
}

export async function setLdapEnabledAction(enabled: unknown) {
  const result = await runAction(async () => setLdapEnabled(parseInput(z.boolean(), enabled), await getRequestContext()));
  revalidateSettings();
  return result;
}

export async function testLdapConnectionAction(values: unknown) {
  // A test needs only the connection fields (the verb checks those): empty attribute fields fall back
  // to the sync's defaults, so the "required when LDAP is enabled" rules do not apply here.
  const input = typeof values === "object" && values !== null ? { ...values, LDAP_ENABLED: false } : values;
  return runAction(async () => testLdapConnection(parseInput(configFormSchema, input), await getRequestContext()));
}

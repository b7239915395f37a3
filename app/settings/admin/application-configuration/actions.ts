"use server";
// The configuration page: save, enable/disable LDAP, test the connection, sync now. Every verb
// checks that the caller is an administrator (and refuses writes in read-only mode) itself.
import { z } from "zod";
import { defineAction } from "@/lib/http/action";
import { configFormSchema } from "@/lib/config/form-schema";
import { saveConfiguration, setLdapEnabled, testLdapConnection } from "@/lib/config/verbs";
import { startLdapSync } from "@/lib/ldap/job";
import { syncNowSchema } from "@/lib/ldap/job-schema";
import { emailFormSchema, sendTestEmailSchema } from "@/lib/mail/form-schema";
import { saveEmailConfiguration, sendTestEmail } from "@/lib/mail/config-verbs";

// The settings layout shows APP_NAME, so the whole /settings tree is revalidated.
const revalidate = [{ path: "/settings", type: "layout" as const }];

export const saveConfigurationAction = defineAction(configFormSchema, saveConfiguration, { revalidate });
export const setLdapEnabledAction = defineAction(z.boolean(), setLdapEnabled, { revalidate });
export const testLdapConnectionAction = defineAction(configFormSchema, testLdapConnection);

/** "Sync now" / "Sync anyway" on the LDAP card. Nothing to revalidate at start: the card polls. */
export const syncLdapNowAction = defineAction(syncNowSchema, (input, ctx) => startLdapSync({ ...input, trigger: "manual" }, ctx));

/** The E-mail card's "Save" and "Send test e-mail". */
export const saveEmailConfigurationAction = defineAction(emailFormSchema, saveEmailConfiguration, { revalidate });
export const sendTestEmailAction = defineAction(sendTestEmailSchema, sendTestEmail);

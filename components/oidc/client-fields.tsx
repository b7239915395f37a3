"use client";

import { Controller, useFormContext, useWatch } from "react-hook-form";
import type { OidcClientFields } from "@/lib/oidc/schema";
import { FormField } from "@/components/ui/form-field";
import { FormGridFull } from "@/components/ui/form-grid";
import { Input } from "@/components/ui/input";
import { SwitchField } from "@/components/ui/switch";
import { AllowedGroupsField } from "./allowed-groups-field";
import { UrlListField } from "./url-list-field";

type ClientFieldsProps = {
  idPrefix: string;
  editing: boolean;
  /** A restricted client whose allowed groups were all deleted (it admits nobody). */
  groupsDeleted?: boolean;
};

/** Every field of a client, inside a FormProvider: the Add application page and a client's page. */
export function ClientFields({ idPrefix, editing, groupsDeleted = false }: ClientFieldsProps) {
  const {
    control,
    register,
    formState: { errors },
  } = useFormContext<OidcClientFields>();
  const isPublic = useWatch({ control, name: "isPublic" });
  return (
    <>
      <FormField id={`${idPrefix}-name`} label="Name" description="Shown to users when they sign in and on My apps." error={errors.name?.message}>
        <Input autoComplete="off" {...register("name")} />
      </FormField>
      <FormField
        id={`${idPrefix}-launch-url`}
        label="Launch URL"
        description="Optional: where My apps sends the users allowed to use it."
        error={errors.launchUrl?.message}
      >
        <Input type="url" inputMode="url" autoComplete="off" spellCheck={false} placeholder="https://app.example.com" {...register("launchUrl")} />
      </FormField>
      <Controller
        control={control}
        name="isPublic"
        render={({ field }) => (
          <SwitchField
            id={`${idPrefix}-public`}
            label="Public client"
            description={
              editing
                ? "A browser or native app that cannot keep a secret. Changing this ends the application's sign-ins (grants and tokens)."
                : "A browser or native app that cannot keep a secret: it gets none and must use PKCE."
            }
            checked={field.value}
            onCheckedChange={field.onChange}
          />
        )}
      />
      <Controller
        control={control}
        name="pkceRequired"
        render={({ field }) => (
          <SwitchField
            id={`${idPrefix}-pkce`}
            label="Require PKCE"
            description={isPublic ? "Always on for public clients." : "Refuse sign-ins without a PKCE code challenge (S256)."}
            checked={isPublic || field.value}
            disabled={isPublic}
            onCheckedChange={field.onChange}
          />
        )}
      />
      <FormGridFull>
        <UrlListField
          name="callbackUrls"
          idPrefix={`${idPrefix}-callback`}
          legend="Callback URLs"
          item="callback URL"
          description="Where the application receives the sign-in (redirect URI), exactly as it sends it: http(s) or a native app's scheme, no #fragment."
          placeholder="https://app.example.com/oauth/callback"
        />
      </FormGridFull>
      <FormGridFull>
        <UrlListField
          name="logoutCallbackUrls"
          idPrefix={`${idPrefix}-logout`}
          legend="Logout callback URLs"
          item="logout callback URL"
          description="Optional: where the application may send users after signing them out (post-logout redirect URI)."
          placeholder="https://app.example.com/"
        />
      </FormGridFull>
      <FormGridFull>
        <AllowedGroupsField idPrefix={`${idPrefix}-groups`} groupsDeleted={groupsDeleted} />
      </FormGridFull>
    </>
  );
}

"use client";

import { useCallback } from "react";
import { X } from "lucide-react";
import { useController, useFormContext } from "react-hook-form";
import { searchClientGroupsAction } from "@/app/settings/admin/oidc-clients/actions";
import type { OidcClientFields } from "@/lib/oidc/schema";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SourceBadge } from "@/components/users/badges";
import { PickerDialog } from "@/components/users/picker-dialog";

/**
 * The groups whose members may use the application (LDAP or local); none means everyone.
 * `groupsDeleted`: the client is restricted but every one of its groups is gone, so nobody may.
 */
export function AllowedGroupsField({ idPrefix, groupsDeleted }: { idPrefix: string; groupsDeleted: boolean }) {
  const { control } = useFormContext<OidcClientFields>();
  const { field, fieldState } = useController({ control, name: "allowedGroups" });
  const chosen = field.value;
  const descriptionId = `${idPrefix}-description`;

  // Options are keyed by name: the verb takes group names, as the CLI does.
  const search = useCallback(
    async (q: string) => {
      const result = await searchClientGroupsAction({ q });
      if (!result.ok) return result;
      const taken = new Set(chosen.map((name) => name.toLowerCase()));
      return {
        ok: true as const,
        data: result.data
          .filter((group) => !taken.has(group.name.toLowerCase()))
          .map((group) => ({ id: group.name, label: group.name, detail: group.friendlyName, badge: <SourceBadge ldapId={group.ldapId} /> })),
      };
    },
    [chosen],
  );

  return (
    <fieldset className="grid content-start gap-2" aria-describedby={descriptionId}>
      <legend className="mb-2 text-sm leading-none font-medium">Allowed groups</legend>
      {chosen.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          {groupsDeleted
            ? "Nobody: its allowed groups were deleted. Add a group, or save without any to open it to everyone."
            : "Everyone: no group restriction."}
        </p>
      ) : (
        <ul className="flex flex-wrap gap-2" aria-label="Allowed groups">
          {chosen.map((name) => (
            <li key={name}>
              <Badge variant="outline" className="gap-1 py-0.5 pr-0.5">
                {name}
                <Button type="button" variant="ghost" size="icon" className="size-5" onClick={() => field.onChange(chosen.filter((other) => other !== name))}>
                  <X aria-hidden="true" className="size-3" />
                  <span className="sr-only">{`Remove ${name}`}</span>
                </Button>
              </Badge>
            </li>
          ))}
        </ul>
      )}
      <div>
        <PickerDialog
          actionLabel="Add groups"
          title="Allowed groups"
          description="Only members of these groups (LDAP or local) may sign in to this application."
          searchLabel="Search groups"
          search={search}
          onAdd={async (names) => {
            field.onChange([...chosen, ...names]);
            return true;
          }}
        />
      </div>
      <p id={descriptionId} className="text-xs text-muted-foreground">
        Checked at every sign-in and refresh: a user who leaves these groups loses access at their application&apos;s next refresh.
      </p>
      {fieldState.error?.message && (
        <p role="alert" className="text-xs font-medium text-destructive">
          {fieldState.error.message}
        </p>
      )}
    </fieldset>
  );
}

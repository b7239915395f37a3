import { LOGIN_LINK_LIFETIMES } from "@/lib/auth/schema";
import { Select, type SelectProps } from "@/components/ui/select";

/** The lifetimes a login link may have, as a select of minutes (the verbs accept only these). */
export function LoginLinkLifetimeSelect({ onMinutesChange, ...props }: Omit<SelectProps, "onChange" | "children"> & { onMinutesChange(minutes: string): void }) {
  return (
    <Select {...props} onChange={(event) => onMinutesChange(event.target.value)}>
      {LOGIN_LINK_LIFETIMES.map((lifetime) => (
        <option key={lifetime.minutes} value={lifetime.minutes}>
          {lifetime.label}
        </option>
      ))}
    </Select>
  );
}

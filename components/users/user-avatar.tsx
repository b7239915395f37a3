import { cn } from "@/lib/utils/cn";
import { pictureUrl, type PictureSize } from "@/lib/pictures/urls";

export interface AvatarUser {
  id: string;
  username: string;
  displayName?: string;
  /** The picture's version (ETag); null when the user has none. */
  pictureEtag: string | null;
}

const SIZES = { sm: "size-8 text-xs", md: "size-10 text-sm", lg: "size-20 text-2xl" } as const;
const VARIANT: Record<keyof typeof SIZES, PictureSize> = { sm: "small", md: "small", lg: "large" };

/** One or two letters: the first of the first and last words of the name, else of the username. */
export function initialsOf(user: Pick<AvatarUser, "username" | "displayName">): string {
  const words = (user.displayName ?? "").trim().split(/\s+/).filter(Boolean);
  const letters = words.length ? [words[0], words.length > 1 ? words[words.length - 1] : ""] : [user.username];
  const first = (text: string) => Array.from(text)[0] ?? "";
  const initials = words.length ? letters.map(first).join("") : Array.from(user.username).slice(0, 2).join("");
  return initials.toLocaleUpperCase();
}

/** A stable hue from the user id, so a person keeps their colour everywhere. */
export function avatarHue(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 360;
}

/**
 * The user's picture, or their initials on a colour derived from their id. Decorative (alt=""):
 * the name is always shown next to it.
 */
export function UserAvatar({ user, size = "sm", className }: { user: AvatarUser; size?: keyof typeof SIZES; className?: string }) {
  const frame = cn("inline-flex shrink-0 items-center justify-center overflow-hidden rounded-full select-none", SIZES[size], className);
  if (user.pictureEtag) {
    return (
      // A plain img: the picture route already serves the right size, cached by version.
      // eslint-disable-next-line @next/next/no-img-element
      <img src={pictureUrl(user.id, user.pictureEtag, VARIANT[size])} alt="" className={cn(frame, "bg-muted object-cover")} data-testid="avatar-picture" />
    );
  }
  return (
    <span aria-hidden="true" className={cn(frame, "font-semibold text-white")} style={{ backgroundColor: `hsl(${avatarHue(user.id)} 50% 40%)` }} data-testid="avatar-initials">
      {initialsOf(user)}
    </span>
  );
}

// Passkeys as the client tables receive them: dates as ISO strings (rendered in the browser's zone).
import type { PasskeySummary } from "@/lib/auth/passkeys";

export interface PasskeyRow {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** Synced by the platform (iCloud Keychain, Google Password Manager): survives a lost device. */
  backedUp: boolean;
}

export const passkeyRows = (passkeys: readonly PasskeySummary[]): PasskeyRow[] =>
  passkeys.map(({ id, name, createdAt, lastUsedAt, backedUp }) => ({
    id, name, backedUp, createdAt: createdAt.toISOString(), lastUsedAt: lastUsedAt?.toISOString() ?? null,
  }));

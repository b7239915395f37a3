// Who gets a unique value (username, e-mail, group name) when entries compete for it. An entry
// whose row already holds a value keeps it (so an owner never flips between runs when the
// directory's search order changes); other values go in search order: the first entry keeps
// the value, later ones are skipped. Values held by rows
// the sync will not rewrite (local users, rows of skipped entries, disabled users that left the
// directory) are taken. Skipping an entry freezes its existing row, whose values then become
// taken too, so resolution repeats until nothing new is frozen (it only grows, so it ends).
import "server-only";

/** Comparison key of a unique value: its field and its lower-case form, e.g. "username\0bob". */
export const uniqueKey = (field: string, value: string) => `${field}\u0000${value.toLowerCase()}`;

/** "username bob" for messages. */
const describe = (key: string) => key.replace("\u0000", " ");

export interface Claimant {
  /** The entry's DN, named when a later entry loses to it. */
  dn: string;
  /** uniqueKey()s of the values it wants. */
  wants: readonly string[];
}

/** uniqueKey → who holds it ("the local user alice"). */
export type TakenValues = Map<string, string>;

/**
 * Returns skip reasons by claimant index. `holdsOf(i)` lists the keys claimant i's existing row
 * holds now; they are added to `taken` when it is skipped. `alreadySkipped` claimants take no part.
 */
export function resolveClaims(
  claimants: readonly Claimant[],
  taken: TakenValues,
  holdsOf: (index: number) => readonly string[],
  alreadySkipped: ReadonlySet<number> = new Set(),
): Map<number, string> {
  const skipped = new Map<number, string>();
  for (;;) {
    let frozeNewRow = false;
    const claimed = new Map<string, number>();
    claimants.forEach((claimant, index) => {
      if (alreadySkipped.has(index) || skipped.has(index)) return;
      for (const key of holdsOf(index)) if (claimant.wants.includes(key)) claimed.set(key, index);
    });
    claimants.forEach((claimant, index) => {
      if (alreadySkipped.has(index) || skipped.has(index)) return;
      let reason: string | null = null;
      for (const key of claimant.wants) {
        const holder = taken.get(key);
        const rival = claimed.get(key);
        if (holder !== undefined) reason = `${describe(key)} is already used by ${holder}`;
        else if (rival !== undefined && rival !== index) reason = `${describe(key)} is already used by the entry ${claimants[rival].dn}`;
        if (reason) break;
      }
      if (reason === null) {
        for (const key of claimant.wants) claimed.set(key, index);
        return;
      }
      skipped.set(index, reason);
      for (const key of holdsOf(index)) {
        if (!taken.has(key)) {
          taken.set(key, `the existing row of the skipped entry ${claimant.dn}`);
          frozeNewRow = true;
        }
      }
    });
    if (!frozeNewRow) return skipped;
  }
}

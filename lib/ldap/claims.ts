// Who gets a unique value (username, e-mail, group name) when entries compete for it. An entry
// whose row already holds a value keeps it (so an owner never flips between runs when the
// directory's search order changes); other values go in search order: the first entry keeps
// the value, later ones are skipped. Values held by rows
// the sync will not rewrite (local users, rows of skipped entries, disabled users that left the
// directory) are taken. Skipping an entry freezes its existing row, whose values then become
// taken too, so resolution repeats until nothing new is frozen (it only grows, so it ends).
import "server-only";

/**
 * Unique values by field (an index into the caller's field names) and lower-case value. Per-field
 * maps keyed by the value itself: a lower-case name is its own key, so a million claimants allocate
 * no key strings (prefixed keys cost a first load of 1,000,000 users ~350 MB).
 */
export class ValueMap<V> {
  private readonly byField: Map<string, V>[] = [];

  get(field: number, value: string): V | undefined {
    return this.byField[field]?.get(value);
  }

  has(field: number, value: string): boolean {
    return this.byField[field]?.has(value) ?? false;
  }

  set(field: number, value: string, entry: V): void {
    (this.byField[field] ??= new Map()).set(value, entry);
  }
}

/** A row's or an entry's lower-case unique values, by field; null where it has none. */
export type UniqueValues = readonly (string | null)[];

export interface Claimant {
  /** The entry's DN, named when a later entry loses to it. */
  dn: string;
  /** The values it wants. */
  wants: UniqueValues;
}

/** Unique value → who holds it ("the local user alice"). */
export type TakenValues = ValueMap<string>;

/**
 * Returns skip reasons by claimant index. `holdsOf(i)` lists the keys claimant i's existing row
 * holds now; they are added to `taken` when it is skipped. `alreadySkipped` claimants take no part.
 */
export function resolveClaims(
  fieldNames: readonly string[],
  claimants: readonly Claimant[],
  taken: TakenValues,
  holdsOf: (index: number) => UniqueValues,
  alreadySkipped: ReadonlySet<number> = new Set(),
): Map<number, string> {
  const describe = (field: number, value: string) => `${fieldNames[field]} ${value}`;
  const skipped = new Map<number, string>();
  for (;;) {
    let frozeNewRow = false;
    const claimed = new ValueMap<number>();
    claimants.forEach((claimant, index) => {
      if (alreadySkipped.has(index) || skipped.has(index)) return;
      holdsOf(index).forEach((value, field) => value !== null && claimant.wants[field] === value && claimed.set(field, value, index));
    });
    claimants.forEach((claimant, index) => {
      if (alreadySkipped.has(index) || skipped.has(index)) return;
      let reason: string | null = null;
      for (const [field, value] of claimant.wants.entries()) {
        if (value === null) continue;
        const holder = taken.get(field, value);
        const rival = claimed.get(field, value);
        if (holder !== undefined) reason = `${describe(field, value)} is already used by ${holder}`;
        else if (rival !== undefined && rival !== index) reason = `${describe(field, value)} is already used by the entry ${claimants[rival].dn}`;
        if (reason) break;
      }
      if (reason === null) {
        claimant.wants.forEach((value, field) => value !== null && claimed.set(field, value, index));
        return;
      }
      skipped.set(index, reason);
      holdsOf(index).forEach((value, field) => {
        if (value !== null && !taken.has(field, value)) {
          taken.set(field, value, `the existing row of the skipped entry ${claimant.dn}`);
          frozeNewRow = true;
        }
      });
    });
    if (!frozeNewRow) return skipped;
  }
}

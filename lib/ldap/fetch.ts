// Streams search results page by page with the simple paged-results control, so no server size
// limit truncates them (a server that ignores the control, like lldap, answers in one page), and
// completes Active Directory's ranged attributes (`member;range=0-1499` ... `member;range=N-*`).
import "server-only";
import { FilterParser, type Client, type Entry, type Filter } from "ldapts";
import type { LdapSyncConfig } from "./config";
import { entryDecoder } from "./decode";
import { rangedValues, type LdapValue } from "./entry";
import { LdapError, translateLdapError, type LdapErrorContext } from "./errors";

export interface SearchSpec {
  /** "user search" / "group search": names the search in error messages. */
  operation: string;
  base: string;
  filter: string;
  attributes: string[];
  /** Attributes ldapts must return as Buffers (binary GUIDs, photos). */
  binaryAttributes: string[];
  pageSize: number;
}

// Spellings servers use for binary attributes; ldapts matches explicitBufferAttributes exactly.
const KNOWN_BINARY = ["objectGUID", "objectSid", "jpegPhoto", "thumbnailPhoto", "photo", "ms-DS-ConsistencyGuid", "mS-DS-ConsistencyGuid"];

/** Spellings to request as Buffers: known binary attributes among `names`, plus `alwaysBinary`. */
function binarySpellings(names: string[], alwaysBinary = ""): string[] {
  const spellings = new Set<string>();
  for (const name of [...names, alwaysBinary].filter(Boolean)) {
    const known = KNOWN_BINARY.filter((k) => k.toLowerCase() === name.toLowerCase());
    if (!known.length && name !== alwaysBinary) continue;
    for (const spelling of [name, name.toLowerCase(), ...known]) spellings.add(spelling);
  }
  return [...spellings];
}

const unique = (names: string[]) => [...new Map(names.filter(Boolean).map((name) => [name.toLowerCase(), name])).values()];

/** Attributes the user search requests: exactly the configured ones (claims included) plus the disabled-state flags. */
export function userSearchSpec(config: LdapSyncConfig): SearchSpec {
  const a = config.attributes;
  return {
    operation: "user search",
    base: config.base,
    filter: config.userFilter,
    // userAccountControl (AD) and nsAccountLock (FreeIPA/389-ds) mark accounts disabled in the directory.
    attributes: unique([
      a.userId, a.username, a.email, a.firstName, a.lastName, a.displayName, a.picture, ...a.claims.map((mapping) => mapping.attribute),
      "userAccountControl", "nsAccountLock",
    ]),
    // Other identifiers arrive as text; ldapts still gives a Buffer for anything that is not UTF-8.
    binaryAttributes: binarySpellings([a.userId], a.picture),
    pageSize: config.pageSize,
  };
}

export function groupSearchSpec(config: LdapSyncConfig): SearchSpec {
  const a = config.attributes;
  return {
    operation: "group search",
    base: config.base,
    filter: config.groupFilter,
    attributes: unique([a.groupId, a.groupName, a.groupMember]),
    binaryAttributes: binarySpellings([a.groupId]),
    pageSize: config.pageSize,
  };
}

function parseFilter(spec: SearchSpec): Filter {
  try {
    return FilterParser.parseString(spec.filter);
  } catch (error) {
    throw new LdapError(`The ${spec.operation} filter ${spec.filter} is not a valid LDAP filter (${(error as Error).message}).`);
  }
}

/**
 * Yields the entries of a subtree search one page at a time. Entries whose `rangedAttribute`
 * came back ranged (AD, more than 1,500 values) are completed and yielded after the last page.
 */
export async function* searchPages(
  client: Client,
  spec: SearchSpec,
  context: LdapErrorContext,
  rangedAttribute?: string,
): AsyncGenerator<Entry[]> {
  const errorContext = { ...context, base: spec.base, operation: spec.operation };
  const filter = parseFilter(spec);
  const incomplete: Entry[] = [];
  try {
    const pages = client.searchPaginated(spec.base, {
      scope: "sub",
      filter,
      attributes: spec.attributes,
      explicitBufferAttributes: spec.binaryAttributes,
      decodeEntry: entryDecoder(spec.attributes, spec.binaryAttributes),
      paged: { pageSize: spec.pageSize },
    });
    // Ask for the next page before handing out this one, so the server works while we map.
    let next = pages.next();
    for (;;) {
      const result = await next;
      if (result.done) break;
      next = pages.next();
      next.catch(() => {}); // rethrown by the await above on the next turn
      const page = result.value;
      if (!rangedAttribute) {
        yield page.searchEntries;
        continue;
      }
      const complete: Entry[] = [];
      for (const entry of page.searchEntries) {
        const ranged = rangedValues(entry, rangedAttribute);
        if (ranged?.next != null) incomplete.push(entry);
        else {
          if (ranged) entry[rangedAttribute] = ranged.values as string[];
          complete.push(entry);
        }
      }
      yield complete;
    }
    // After the paged search, so its cookie is never interleaved with other operations.
    for (const entry of incomplete) entry[rangedAttribute!] = (await allRangedValues(client, entry, rangedAttribute!)) as string[];
  } catch (error) {
    throw translateLdapError(error, errorContext);
  }
  if (incomplete.length) yield incomplete;
}

/** Requests `attr;range=N-*` on the entry until the server answers with a range ending in "*". */
async function allRangedValues(client: Client, entry: Entry, attribute: string): Promise<LdapValue[]> {
  let ranged = rangedValues(entry, attribute)!;
  const all = [...ranged.values];
  while (ranged.next !== null) {
    const request = `${attribute};range=${ranged.next}-*`;
    const { searchEntries } = await client.search(entry.dn, { scope: "base", filter: "(objectClass=*)", attributes: [request] });
    const next = searchEntries[0] && rangedValues(searchEntries[0], attribute);
    if (!next) break; // no values beyond the last range: the attribute is complete
    all.push(...next.values);
    ranged = next;
  }
  return all;
}

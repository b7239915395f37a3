// Active Directory range retrieval. No server here ranges values by itself (Samba and OpenLDAP
// return every value at once), so a scripted client plays AD's documented answers: the group
// search returns `member;range=0-1499`, and base searches for `member;range=1500-*` continue it.
import type { Client, Entry, SearchOptions, SearchResult } from "ldapts";
import { describe, expect, it } from "vitest";
import { searchPages, type SearchSpec } from "./fetch";

const members = Array.from({ length: 3200 }, (_, i) => `uid=user${i},ou=people,dc=ad,dc=test`);
const spec: SearchSpec = { operation: "group search", base: "dc=ad,dc=test", filter: "(objectClass=group)", attributes: ["objectGUID", "cn", "member"], binaryAttributes: [], pageSize: 500 };

function adLikeClient(requests: string[]): Client {
  const page = (entries: Entry[]): SearchResult => ({ searchEntries: entries, searchReferences: [] });
  return {
    async *searchPaginated() {
      yield page([{ dn: "cn=big,dc=ad,dc=test", cn: "big", member: [], "member;range=0-1499": members.slice(0, 1500) }]);
      yield page([{ dn: "cn=small,dc=ad,dc=test", cn: "small", member: members.slice(0, 2) }]);
    },
    async search(dn: string, options: SearchOptions) {
      const request = options.attributes![0];
      requests.push(`${dn} ${request}`);
      const start = Number(/range=(\d+)-\*/.exec(request)![1]);
      const end = Math.min(start + 1500, members.length);
      const last = end === members.length;
      return page([{ dn, member: [], [`member;range=${start}-${last ? "*" : end - 1}`]: members.slice(start, end) }]);
    },
  } as unknown as Client;
}

describe("searchPages with AD range retrieval", () => {
  it("continues a ranged member attribute until the range ending in * and returns every value", async () => {
    const requests: string[] = [];
    const entries: Entry[] = [];
    for await (const page of searchPages(adLikeClient(requests), spec, { url: "ldaps://ad.test" }, "member")) entries.push(...page);
    expect(entries.map((e) => e.cn)).toEqual(["small", "big"]);
    expect(entries[1].member).toEqual(members);
    expect(requests).toEqual(["cn=big,dc=ad,dc=test member;range=1500-*", "cn=big,dc=ad,dc=test member;range=3000-*"]);
  });
});

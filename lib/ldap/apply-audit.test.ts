import { describe, expect, it } from "vitest";
import { AUDITED_MEMBERS_MAX, membershipChangeRecords } from "./apply-audit";

describe("membership audit records", () => {
  it("makes one record per changed group, listing at most the cap of user ids while counting them all", () => {
    const many = Array.from({ length: AUDITED_MEMBERS_MAX + 5 }, (_, i) => [`u${i}`, "big"] as [string, string]);
    const records = membershipChangeRecords([...many, ["u1", "small"]], [["u9", "small"]]);
    expect(records).toEqual([
      { group_id: "big", details: { added: many.slice(0, AUDITED_MEMBERS_MAX).map(([user]) => user), addedCount: AUDITED_MEMBERS_MAX + 5, removed: [], removedCount: 0 } },
      { group_id: "small", details: { added: ["u1"], addedCount: 1, removed: ["u9"], removedCount: 1 } },
    ]);
    expect(membershipChangeRecords([], [])).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { changesLine, formatDuration, formatInterval, humanize, orderCounts, orderTimings, progressLine } from "./format";

describe("sync wording", () => {
  it("summarises what a run changed, skipped and whether it was forced", () => {
    const summary = { usersFetched: 31, usersCreated: 3, usersDisabled: 20, usersUnchanged: 8, groupsCreated: 2, membershipsAdded: 0, rowsWritten: 25 };
    expect(changesLine({ summary, skippedCount: 1, forced: false })).toBe("Users: 3 created, 20 disabled · Groups: 2 created · 1 skipped");
    expect(changesLine({ summary: { usersUnchanged: 9 }, skippedCount: 1, forced: false })).toBe("No changes · 1 skipped");
    expect(changesLine({ summary: { usersDeleted: 2 }, skippedCount: 0, forced: true })).toBe("Users: 2 deleted (forced)");
  });

  it("shows live progress and durations", () => {
    expect(progressLine({ stage: "fetching users", usersFetched: 120, groupsFetched: 0 })).toBe("Fetching users · 120 users fetched · 0 groups fetched");
    expect(progressLine({})).toBe("Starting");
    expect([formatDuration(null), formatDuration(420), formatDuration(12_400), formatDuration(184_000)]).toEqual(["—", "0.4 s", "12 s", "3 min 4 s"]);
    expect([formatInterval(3_600), formatInterval(5_400), formatInterval(86_400 * 2)]).toEqual(["hour", "90 minutes", "2 days"]);
    expect(humanize("membershipsRemoved")).toBe("Memberships removed");
  });

  it("orders report counts by entity and verb, timings by stage", () => {
    const counts = orderCounts([["rowsWritten", 1], ["groupsCreated", 1], ["usersSkipped", 1], ["usersFetched", 1], ["membershipsAdded", 1]]);
    expect(counts.map(([key]) => key)).toEqual(["usersFetched", "usersSkipped", "groupsCreated", "membershipsAdded", "rowsWritten"]);
    const timings = orderTimings([["total", 9], ["write", 1], ["connect", 2], ["fetchUsers", 3]]);
    expect(timings.map(([key]) => key)).toEqual(["connect", "fetchUsers", "write", "total"]);
  });
});

// Pure: the order new users are written in and the audit rows' ids.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newRowId, timeOrderedId } from "./ids";
import { idOrder } from "./new-users";

describe("idOrder", () => {
  it("orders rows by id (ties on the leading bits stay in input order), every row once", () => {
    const rows = Array.from({ length: 5_000 }, () => ({ id: randomUUID() }));
    rows.push({ id: `${rows[0].id.slice(0, 8)}-0000-4000-8000-000000000000` }); // same leading bits as row 0
    const order = idOrder(rows);
    expect([...order].sort((a, b) => a - b)).toEqual(rows.map((_, index) => index));
    const prefixes = order.map((index) => rows[index].id.slice(0, 8));
    expect(prefixes).toEqual([...prefixes].sort());
    expect(order.indexOf(rows.length - 1)).toBe(order.indexOf(0) + 1);
  });

  it("handles no rows and one row", () => {
    expect(idOrder([])).toEqual([]);
    expect(idOrder([{ id: randomUUID() }])).toEqual([0]);
  });
});

describe("timeOrderedId", () => {
  it("gives version 7 uuids, strictly ascending across the counter's every field, starting with the time", () => {
    const now = Date.UTC(2026, 11, 4);
    const taken = Array.from({ length: 300_000 }, (_, counter) => timeOrderedId(now, counter));
    for (const id of [taken[0], taken.at(-1)!]) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(taken[0].replace(/-/g, "").slice(0, 12), 16)).toBe(now);
    expect(taken.every((id, n) => n === 0 || taken[n - 1] < id)).toBe(true);
    expect(new Set(taken).size).toBe(taken.length);
    const edges = [0, 1, 2 ** 4, 2 ** 12, 2 ** 16, 2 ** 18 - 1, 2 ** 18, 2 ** 26 - 1, 2 ** 26, 2 ** 30 - 1].map((counter) => timeOrderedId(now, counter));
    expect(edges.every((id, n) => n === 0 || edges[n - 1] < id)).toBe(true);
    expect(() => timeOrderedId(now, 2 ** 30)).toThrow(/2\^30/);
  });
});

describe("newRowId", () => {
  it("gives distinct version 4 uuids", () => {
    const ids = Array.from({ length: 1_000 }, () => newRowId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

import { describe, expect, it } from "vitest";
import { attributeOrder, dueForRecompute, inRecomputeWindow, memberStatus, recomputeSpan, type TOwnedClick, type TOwnedOpen } from "./rule";

const ORDER_AT = new Date("2026-11-20T12:00:00Z");
const MIN = 60_000;
const HOUR = 60 * MIN;
const before = (ms: number) => new Date(ORDER_AT.getTime() - ms);
const click = (id: string, ago: number, human: boolean | null = true, machine = false): TOwnedClick => ({ id, sendId: `s-${id}`, at: before(ago), human, machine });
const open = (id: string, ago: number, machine = false): TOwnedOpen => ({ id, sendId: `s-${id}`, at: before(ago), machine });

describe("owned attribution", () => {
  it("prefers the most recent human click over a later open, and keeps the open too", () => {
    const result = attributeOrder(ORDER_AT, [click("k-old", 5 * HOUR), click("k", 2 * HOUR)], [open("o", HOUR)]);
    expect(result?.basis).toBe("click");
    expect(result?.click?.id).toBe("k");
    expect(result?.open.id).toBe("o");
  });

  it("falls back to the most recent open when no human click came", () => {
    const result = attributeOrder(ORDER_AT, [click("bot", HOUR, false), click("pending", HOUR, null)], [open("o1", 3 * HOUR), open("o2", 2 * HOUR)]);
    expect(result).toEqual({ basis: "open", click: null, open: { kind: "open", id: "o2", sendId: "s-o2", at: before(2 * HOUR) } });
  });

  it("ignores clicks and opens outside the 24 hours before the order, or after it", () => {
    expect(attributeOrder(ORDER_AT, [click("k", 24 * HOUR + 1)], [open("o", 25 * HOUR)])).toBeNull();
    expect(attributeOrder(ORDER_AT, [click("k", 24 * HOUR)], [])?.click?.id).toBe("k");
    expect(attributeOrder(ORDER_AT, [click("k", -MIN)], [open("o", -MIN)])).toBeNull();
  });

  it("counts a human click as its send's open, and a machine open not at all", () => {
    const result = attributeOrder(ORDER_AT, [click("k", HOUR)], [open("mpp", 10 * MIN, true)]);
    expect(result?.open).toMatchObject({ kind: "click", id: "k" });
    expect(attributeOrder(ORDER_AT, [click("scan", HOUR, true, true)], [open("mpp", HOUR, true)])).toBeNull();
  });
});

describe("the hourly recompute", () => {
  const now = new Date("2026-11-20T12:00:00Z");
  const placed = (ageMin: number) => new Date(now.getTime() - ageMin * MIN);

  it("takes orders from 20 to 740 minutes old, edges included", () => {
    expect(inRecomputeWindow(placed(19), now)).toBe(false);
    expect(inRecomputeWindow(placed(20), now)).toBe(true);
    expect(inRecomputeWindow(placed(740), now)).toBe(true);
    expect(inRecomputeWindow(placed(741), now)).toBe(false);
    expect(recomputeSpan(now)).toEqual({ from: placed(740), to: placed(20) });
  });

  it("redoes unattributed orders and those whose rows are gone, not sound ones", () => {
    const orders = [
      { id: "none", placedAt: placed(60), attributedTo: null },
      { id: "lost", placedAt: placed(60), attributedTo: ["k-gone"] },
      { id: "sound", placedAt: placed(60), attributedTo: ["k"] },
      { id: "old", placedAt: placed(800), attributedTo: null },
    ];
    expect(dueForRecompute(orders, new Set(["k"]), now).map((o) => o.id)).toEqual(["none", "lost"]);
  });
});

describe("anonymous or member", () => {
  it("reads the visitor as it is at report time", () => {
    expect(memberStatus(null)).toBe("anonymous");
    expect(memberStatus({ personKey: null })).toBe("anonymous");
    expect(memberStatus({ personKey: "p1", headless: true })).toBe("anonymous");
    expect(memberStatus({ personKey: "p1" })).toBe("member");
  });
});

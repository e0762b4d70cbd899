import { describe, expect, it } from "vitest";
import { activitySpan, dueForConversionCheck, dueForHourlyCheck, judgeClicks } from "./window";

const CLICK_AT = new Date("2026-11-20T12:00:00Z");
const at = (offsetMs: number) => new Date(CLICK_AT.getTime() + offsetMs);
const s = 1_000;
const m = 60 * s;
const LATER = at(60 * m);

function verdict(activityOffsetMs: number, visitorId = "v1") {
  return judgeClicks([{ id: "c", visitorId: "v1", clickedAt: CLICK_AT }], [{ visitorId, at: at(activityOffsetMs) }], LATER).get("c");
}

describe("human-click window", () => {
  it("counts activity exactly 2:00 before and exactly 5:00 after", () => {
    expect(verdict(-2 * m)).toBe(true);
    expect(verdict(5 * m)).toBe(true);
    expect(verdict(0)).toBe(true);
  });

  it("does not count activity at 2:01 before or 5:01 after", () => {
    expect(verdict(-2 * m - s)).toBe(false);
    expect(verdict(5 * m + s)).toBe(false);
  });

  it("needs the same visitor", () => {
    expect(verdict(30 * s, "v2")).toBe(false);
    const none = judgeClicks([{ id: "c", visitorId: null, clickedAt: CLICK_AT }], [{ visitorId: "v1", at: CLICK_AT }], LATER);
    expect(none.get("c")).toBe(false);
  });

  it("leaves a click undecided while its window is still open", () => {
    const early = judgeClicks([{ id: "c", visitorId: "v1", clickedAt: CLICK_AT }], [], at(4 * m));
    expect(early.get("c")).toBeNull();
    const atEdge = judgeClicks([{ id: "c", visitorId: "v1", clickedAt: CLICK_AT }], [], at(5 * m));
    expect(atEdge.get("c")).toBeNull();
    const closed = judgeClicks([{ id: "c", visitorId: "v1", clickedAt: CLICK_AT }], [], at(5 * m + 1));
    expect(closed.get("c")).toBe(false);
  });

  it("spans exactly the activity that can decide a batch", () => {
    expect(activitySpan([])).toBeNull();
    expect(activitySpan([CLICK_AT.getTime(), at(10 * m).getTime()])).toEqual({ from: at(-2 * m), to: at(15 * m) });
  });
});

describe("which clicks are checked", () => {
  const clicks = [
    { id: "old", clickedAt: at(-31 * m), human: null },
    { id: "edge", clickedAt: at(-30 * m), human: null },
    { id: "young", clickedAt: at(-29 * m), human: null },
    { id: "decided", clickedAt: at(-90 * m), human: false },
  ];

  it("the hourly job takes undecided clicks of 30 minutes or more and ignores younger ones", () => {
    expect(dueForHourlyCheck(clicks, CLICK_AT).map((c) => c.id)).toEqual(["old", "edge"]);
  });

  it("a conversion takes its customer's clicks of the previous 72 hours, decided or not", () => {
    const hour = 60 * m;
    const list = [
      { id: "in", clickedAt: at(-72 * hour) },
      { id: "out", clickedAt: at(-72 * hour - s) },
      { id: "after", clickedAt: at(s) },
      { id: "recent", clickedAt: at(-m) },
    ];
    expect(dueForConversionCheck(list, CLICK_AT).map((c) => c.id)).toEqual(["in", "recent"]);
  });
});

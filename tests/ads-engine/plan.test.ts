import { describe, expect, it } from "vitest";
import { nextWindow, planDays, type PlanInput } from "@/lib/ads/engine";

const base: PlanInput = {
  kind: "incremental",
  // 20:00 in New York on 10 March is already 11 March in Auckland.
  now: new Date("2026-03-11T00:00:00Z"),
  accountTimeZone: "America/New_York",
  workspaceTimeZone: "America/New_York",
  maxHistoryDays: 1125,
  restatementDays: 3,
  rangeFrom: null,
  rangeTo: null,
  lastSuccessAt: null,
};

describe("the days an ad run covers", () => {
  it("backfills two years, or what the platform keeps, up to the account's today", () => {
    expect(planDays({ ...base, kind: "backfill" })).toEqual({ fromDay: "2024-03-11", toDay: "2026-03-10" });
    expect(planDays({ ...base, kind: "backfill", maxHistoryDays: 90 })).toEqual({ fromDay: "2025-12-11", toDay: "2026-03-10" });
    expect(planDays({ ...base, kind: "backfill", accountTimeZone: "Pacific/Auckland" })!.toDay).toBe("2026-03-11");
  });

  it("restates the last N closed days, never today", () => {
    expect(planDays({ ...base, kind: "restatement" })).toEqual({ fromDay: "2026-03-07", toDay: "2026-03-09" });
    expect(planDays({ ...base, kind: "restatement", restatementDays: 28 })).toEqual({ fromDay: "2026-02-10", toDay: "2026-03-09" });
  });

  it("refreshes today, and yesterday until a sync has run after the account's day closed", () => {
    expect(planDays(base)).toEqual({ fromDay: "2026-03-09", toDay: "2026-03-10" });
    // Last success at 00:30 on the 10th (New York, on summer time since the 8th): too soon after
    // midnight to trust yesterday's numbers.
    expect(planDays({ ...base, lastSuccessAt: new Date("2026-03-10T04:30:00Z") })!.fromDay).toBe("2026-03-09");
    expect(planDays({ ...base, lastSuccessAt: new Date("2026-03-10T07:00:00Z") })).toEqual({ fromDay: "2026-03-10", toDay: "2026-03-10" });
  });

  it("maps a manual range of workspace days to the same calendar dates, within the platform's history", () => {
    const range = { rangeFrom: new Date("2026-02-01T05:00:00Z"), rangeTo: new Date("2026-02-04T05:00:00Z") };
    expect(planDays({ ...base, kind: "manual", accountTimeZone: "Europe/Berlin", ...range })).toEqual({ fromDay: "2026-02-01", toDay: "2026-02-03" });
    expect(planDays({ ...base, kind: "manual", maxHistoryDays: 10, ...range })).toBeNull();
    expect(planDays({ ...base, kind: "manual", rangeFrom: new Date("2026-03-01T05:00:00Z") })).toEqual({ fromDay: "2026-03-01", toDay: "2026-03-10" });
  });

  it("walks windows newest first and ends exactly at the range's first day", () => {
    const checkpoint = { mode: "ads" as const, fromDay: "2026-01-01", toDay: "2026-01-25", doneFrom: null };
    expect(nextWindow(checkpoint, 10)).toEqual({ fromDay: "2026-01-16", toDay: "2026-01-25" });
    expect(nextWindow({ ...checkpoint, doneFrom: "2026-01-06" }, 10)).toEqual({ fromDay: "2026-01-01", toDay: "2026-01-05" });
    expect(nextWindow({ ...checkpoint, doneFrom: "2026-01-01" }, 10)).toBeNull();
  });
});

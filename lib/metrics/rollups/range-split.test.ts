import { describe, expect, it } from "vitest";
import { addDays } from "@/lib/time/zone";
import { splitRange, weekday } from "./range-split";

const daysOf = (from: string, to: string) => {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
};

describe("splitting a range into months, weeks and days", () => {
  it("takes whole months, then whole weeks at either end, then the days left", () => {
    // Thu 2025-01-30 .. Tue 2025-05-06.
    expect(splitRange("2025-01-30", "2025-05-06")).toEqual({
      months: ["2025-02-01", "2025-03-01", "2025-04-01"],
      weeks: [],
      days: [
        { fromDay: "2025-01-30", toDay: "2025-01-31" },
        { fromDay: "2025-05-01", toDay: "2025-05-06" },
      ],
    });
    // No whole month: Monday 2025-06-02 .. Sunday 2025-06-15 is two weeks, and two days after.
    expect(splitRange("2025-06-02", "2025-06-17")).toEqual({
      months: [],
      weeks: ["2025-06-02", "2025-06-09"],
      days: [{ fromDay: "2025-06-16", toDay: "2025-06-17" }],
    });
    expect(splitRange("2025-06-04", "2025-06-04")).toEqual({ months: [], weeks: [], days: [{ fromDay: "2025-06-04", toDay: "2025-06-04" }] });
  });

  it("covers every day of any range exactly once, with whole periods only", () => {
    for (const from of daysOf("2024-02-20", "2024-03-10")) {
      for (const length of [0, 1, 6, 7, 13, 27, 28, 29, 30, 31, 45, 62, 400, 731]) {
        const to = addDays(from, length);
        const { months, weeks, days } = splitRange(from, to);
        const covered = [
          ...months.flatMap((m) => {
            const next = new Date(`${m}T00:00:00Z`);
            next.setUTCMonth(next.getUTCMonth() + 1);
            return daysOf(m, addDays(next.toISOString().slice(0, 10), -1));
          }),
          ...weeks.flatMap((w) => daysOf(w, addDays(w, 6))),
          ...days.flatMap((d) => daysOf(d.fromDay, d.toDay)),
        ].sort();
        expect(covered).toEqual(daysOf(from, to));
        expect(months.every((m) => m.endsWith("-01"))).toBe(true);
        expect(weeks.every((w) => weekday(w) === 0)).toBe(true);
      }
    }
  });
});

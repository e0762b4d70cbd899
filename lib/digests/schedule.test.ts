import { describe, expect, it } from "vitest";
import { localTime } from "@/lib/time/zone";
import { cronOf, describeSchedule, nextRunAfter, rangeFor, ZScheduleSchema, type TSchedule } from "./schedule";

const NY = "America/New_York";
const daily9: TSchedule = { kind: "daily", time: "09:00" };
const runs = (schedule: TSchedule, zone: string, from: string, count: number) => {
  const out: Date[] = [];
  let at = new Date(from);
  for (let i = 0; i < count; i++) out.push((at = nextRunAfter(schedule, zone, at)));
  return out.map((d) => d.toISOString());
};

describe("next run", () => {
  it("keeps a 09:00 New York digest at 09:00 local across the spring change (UTC-5 to UTC-4)", () => {
    // Clocks go forward at 02:00 on Sunday 8 March 2026.
    expect(runs(daily9, NY, "2026-03-06T15:00:00Z", 3)).toEqual(["2026-03-07T14:00:00.000Z", "2026-03-08T13:00:00.000Z", "2026-03-09T13:00:00.000Z"]);
  });

  it("keeps it at 09:00 local across the autumn change (UTC-4 to UTC-5)", () => {
    // Clocks go back at 02:00 on Sunday 1 November 2026.
    expect(runs(daily9, NY, "2026-10-30T14:00:00Z", 3)).toEqual(["2026-10-31T13:00:00.000Z", "2026-11-01T14:00:00.000Z", "2026-11-02T14:00:00.000Z"]);
  });

  it("runs a time the spring change skips later that day rather than not at all", () => {
    const [first] = runs({ kind: "daily", time: "02:30" }, NY, "2026-03-07T12:00:00Z", 1);
    expect(first!.slice(0, 10)).toBe("2026-03-08");
    expect(localTime(new Date(first!), NY)).toBe("03:30");
  });

  it("runs a time the autumn change repeats only once", () => {
    expect(runs({ kind: "daily", time: "01:30" }, NY, "2026-10-31T12:00:00Z", 2)).toEqual(["2026-11-01T05:30:00.000Z", "2026-11-02T06:30:00.000Z"]);
  });

  it("reads the time in the digest's own zone", () => {
    // 08:00 in Shanghai (UTC+8, no daylight saving) is midnight UTC; in Sydney on 5 April 2026 the
    // clocks go back from UTC+11 to UTC+10.
    expect(runs({ kind: "daily", time: "08:00" }, "Asia/Shanghai", "2026-06-01T01:00:00Z", 1)).toEqual(["2026-06-02T00:00:00.000Z"]);
    expect(runs({ kind: "daily", time: "08:00" }, "Australia/Sydney", "2026-04-03T12:00:00Z", 2)).toEqual(["2026-04-03T21:00:00.000Z", "2026-04-04T22:00:00.000Z"]);
  });

  it("skips weekends for weekdays, and finds the weekly and monthly days", () => {
    // Friday 4 December 2026, after 09:00: next is Monday.
    expect(runs({ kind: "weekdays", time: "09:00" }, "UTC", "2026-12-04T10:00:00Z", 2)).toEqual(["2026-12-07T09:00:00.000Z", "2026-12-08T09:00:00.000Z"]);
    expect(runs({ kind: "weekly", time: "07:15", day_of_week: "monday" }, "UTC", "2026-12-04T10:00:00Z", 1)).toEqual(["2026-12-07T07:15:00.000Z"]);
    expect(runs({ kind: "monthly", time: "06:00", day_of_month: "last" }, "UTC", "2027-02-01T00:00:00Z", 2)).toEqual(["2027-02-28T06:00:00.000Z", "2027-03-31T06:00:00.000Z"]);
    expect(runs({ kind: "monthly", time: "06:00", day_of_month: 3 }, "UTC", "2027-02-01T00:00:00Z", 1)).toEqual(["2027-02-03T06:00:00.000Z"]);
  });

  it("follows a cron expression in the zone", () => {
    expect(runs({ kind: "cron", expression: "0 8 * * 1,4" }, NY, "2026-12-04T10:00:00Z", 2)).toEqual(["2026-12-07T13:00:00.000Z", "2026-12-10T13:00:00.000Z"]);
  });
});

describe("schedule validation and words", () => {
  const problems = (input: unknown) => {
    const result = ZScheduleSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("refuses malformed schedules naming the field", () => {
    expect(problems({ kind: "daily", time: "25:00" })[0]).toMatch(/^time: time must be HH:MM/);
    expect(problems({ kind: "hourly", time: "09:00" })[0]).toMatch(/kind must be one of/);
    expect(problems({ kind: "weekly", time: "09:00", day_of_week: "funday" })[0]).toMatch(/^day_of_week:/);
    expect(problems({ kind: "monthly", time: "09:00", day_of_month: 31 })[0]).toMatch(/^day_of_month:/);
    expect(problems({ kind: "cron", expression: "61 9 * * *" })[0]).toMatch(/^expression: expression is not a valid cron expression/);
    expect(problems({ kind: "cron", expression: "*/5 * * * *" })[0]).toMatch(/more than once an hour/);
    expect(problems({ kind: "cron", expression: "0 0 9 * * *" })[0]).toMatch(/five fields/);
    expect(problems({ kind: "cron", expression: "0 9 * * 1-5" })).toEqual([]);
  });

  it("turns every kind into cron and says it in words with the zone", () => {
    expect(cronOf({ kind: "weekly", time: "09:05", day_of_week: "friday" })).toBe("5 9 * * 5");
    expect(describeSchedule({ kind: "weekdays", time: "09:00" }, NY)).toBe("At 09:00, Monday through Friday (America/New_York)");
    expect(describeSchedule({ kind: "monthly", time: "07:30", day_of_month: "last" }, "UTC")).toBe("At 07:30, on the last day of the month (UTC)");
  });
});

describe("date basis", () => {
  it("reports complete local days before the run", () => {
    // 03:00 UTC on 1 March is still 28 February in New York.
    const at = new Date("2027-03-01T03:00:00Z");
    expect(rangeFor("yesterday", at, NY)).toMatchObject({ date_from: "2027-02-27", date_to: "2027-02-27" });
    expect(rangeFor("yesterday", at, "UTC")).toMatchObject({ date_from: "2027-02-28", date_to: "2027-02-28" });
    // Sunday 28 Feb locally: the last complete week is Mon 15 - Sun 21 Feb.
    expect(rangeFor("last_week", at, NY)).toMatchObject({ date_from: "2027-02-15", date_to: "2027-02-21" });
    expect(rangeFor("last_month", at, NY)).toMatchObject({ date_from: "2027-01-01", date_to: "2027-01-31", period: "last_month" });
    expect(rangeFor("last_month", at, "UTC")).toMatchObject({ date_from: "2027-02-01", date_to: "2027-02-28" });
  });
});

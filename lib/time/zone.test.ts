import { describe, expect, it } from "vitest";
import { addDays, localDate, localTime, nextLocalHour, startOfLocalDay, zonedToUtc } from "./zone";

describe("time zones", () => {
  it("finds local midnight in New York in winter and summer", () => {
    expect(startOfLocalDay("2026-01-15", "America/New_York").toISOString()).toBe("2026-01-15T05:00:00.000Z");
    expect(startOfLocalDay("2026-07-15", "America/New_York").toISOString()).toBe("2026-07-15T04:00:00.000Z");
  });

  it("handles the spring-forward day, whose midnight exists but whose 02:30 does not", () => {
    expect(startOfLocalDay("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    const skipped = zonedToUtc({ year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0 }, "America/New_York");
    expect(localDate(skipped, "America/New_York")).toBe("2026-03-08");
  });

  it("gives the local calendar date of an instant", () => {
    expect(localDate(new Date("2026-01-01T03:00:00Z"), "America/Los_Angeles")).toBe("2025-12-31");
    expect(localDate(new Date("2026-01-01T03:00:00Z"), "Asia/Tokyo")).toBe("2026-01-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });

  it("gives the local wall-clock time of an instant, to the minute", () => {
    expect(localTime(new Date("2026-01-11T15:07:59Z"), "America/New_York")).toBe("10:07");
    expect(localTime(new Date("2026-07-11T15:07:59Z"), "America/New_York")).toBe("11:07");
    expect(localTime(new Date("2026-01-11T15:07:59Z"), "Asia/Kolkata")).toBe("20:37");
  });

  it("schedules the next local hour strictly after now", () => {
    const now = new Date("2026-06-01T10:00:00Z"); // 06:00 in New York
    expect(nextLocalHour(now, "America/New_York", 4).toISOString()).toBe("2026-06-02T08:00:00.000Z");
    expect(nextLocalHour(now, "America/New_York", 7).toISOString()).toBe("2026-06-01T11:00:00.000Z");
    expect(nextLocalHour(now, "UTC", 10).toISOString()).toBe("2026-06-02T10:00:00.000Z");
  });

  it("builds one formatter per time zone, however many instants it reads there", () => {
    const Original = Intl.DateTimeFormat;
    let built = 0;
    Intl.DateTimeFormat = class extends Original {
      constructor(locales?: string | string[], options?: Intl.DateTimeFormatOptions) {
        super(locales, options);
        if (options?.timeZone === "Australia/Adelaide") built++;
      }
    } as typeof Intl.DateTimeFormat;
    try {
      for (const hour of [1, 2, 3]) localDate(new Date(`2026-02-01T0${hour}:00:00Z`), "Australia/Adelaide");
      localTime(new Date("2026-02-01T04:00:00Z"), "Australia/Adelaide");
      expect(built).toBeLessThanOrEqual(1);
      expect(localDate(new Date("2026-02-01T14:00:00Z"), "Australia/Adelaide")).toBe("2026-02-02");
      expect(() => localDate(new Date(), "Mars/Olympus_Mons")).toThrow(RangeError);
    } finally {
      Intl.DateTimeFormat = Original;
    }
  });
});

import { addDays, localDate, startOfLocalDay } from "@/lib/time/zone";

// The aggregation's periods, as the instants they start at in the workspace's time zone: today,
// the last 7 and 30 local days (today included), and all time.

export const PERIODS = ["today", "7d", "30d", "all"] as const;
export type Period = (typeof PERIODS)[number];

export function periodStarts(now: Date, timeZone: string): Record<Period, Date> {
  const today = localDate(now, timeZone);
  return {
    today: startOfLocalDay(today, timeZone),
    "7d": startOfLocalDay(addDays(today, -6), timeZone),
    "30d": startOfLocalDay(addDays(today, -29), timeZone),
    all: new Date(0),
  };
}

export function isPeriod(value: unknown): value is Period {
  return typeof value === "string" && (PERIODS as readonly string[]).includes(value);
}

import { addDays } from "@/lib/time/zone";

// How a range of local days (already in the workspace's time zone) reads the period rollups: the
// calendar months wholly inside it, then the weeks (from Monday) wholly inside what is left at
// either end, then the days left over. Every day of the range is in exactly one part.

export type DayRange = { fromDay: string; toDay: string };
export type RangeSplit = { months: string[]; weeks: string[]; days: DayRange[] };

/** 0 for a Monday (weeks start on Mondays, as date_trunc('week') has them) to 6 for a Sunday. */
export const weekday = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;

const nextMonthStart = (day: string) => {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
};

/** Whole weeks inside fromDay..toDay, and the days before and after them. */
function splitWeeks(range: DayRange): { weeks: string[]; days: DayRange[] } {
  const offset = weekday(range.fromDay);
  const first = offset === 0 ? range.fromDay : addDays(range.fromDay, 7 - offset);
  const weeks: string[] = [];
  for (let week = first; addDays(week, 6) <= range.toDay; week = addDays(week, 7)) weeks.push(week);
  if (weeks.length === 0) return { weeks, days: [range] };
  const days: DayRange[] = [];
  if (range.fromDay < first) days.push({ fromDay: range.fromDay, toDay: addDays(first, -1) });
  const after = addDays(weeks.at(-1)!, 7);
  if (after <= range.toDay) days.push({ fromDay: after, toDay: range.toDay });
  return { weeks, days };
}

export function splitRange(fromDay: string, toDay: string): RangeSplit {
  const months: string[] = [];
  const firstMonth = fromDay.endsWith("-01") ? fromDay : nextMonthStart(fromDay);
  for (let month = firstMonth; addDays(nextMonthStart(month), -1) <= toDay; month = nextMonthStart(month)) months.push(month);

  const ends: DayRange[] =
    months.length === 0
      ? [{ fromDay, toDay }]
      : [
          { fromDay, toDay: addDays(months[0]!, -1) },
          { fromDay: nextMonthStart(months.at(-1)!), toDay },
        ].filter((r) => r.fromDay <= r.toDay);
  const weeks: string[] = [];
  const days: DayRange[] = [];
  for (const end of ends) {
    const part = splitWeeks(end);
    weeks.push(...part.weeks);
    days.push(...part.days);
  }
  return { months, weeks, days };
}

/** Whether reading the period rollups saves anything: at least one whole week or month. */
export const worthSplitting = (split: RangeSplit) => split.months.length + split.weeks.length > 0;

// Wall-clock arithmetic in IANA time zones with nothing but Intl: "days" in Signalboard are the
// workspace's (or store's) local days.

export type WallTime = { year: number; month: number; day: number; hour: number; minute: number; second: number };

// Building a formatter costs far more than formatting with one (a report reads today's date on
// every request, a sync converts every order), so each zone's is built once. Only valid zones
// get this far, so the map holds at most the IANA zones in use.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function wallTimeIn(instant: Date, timeZone: string): WallTime {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

function asUtc(t: WallTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

/** The instant at which clocks in `timeZone` show `wall`. Twice-shown times pick the first; skipped ones move forward. */
export function zonedToUtc(wall: WallTime, timeZone: string): Date {
  const guess = asUtc(wall);
  // Two passes settle the offset, including on the day it changes.
  let instant = guess - (asUtc(wallTimeIn(new Date(guess), timeZone)) - guess);
  instant = guess - (asUtc(wallTimeIn(new Date(instant), timeZone)) - instant);
  return new Date(instant);
}

/** Midnight starting the local calendar day `isoDate` (YYYY-MM-DD) in `timeZone`. */
export function startOfLocalDay(isoDate: string, timeZone: string): Date {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return zonedToUtc({ year, month, day, hour: 0, minute: 0, second: 0 }, timeZone);
}

/** The local wall-clock time (HH:MM) of an instant in `timeZone`. */
export function localTime(instant: Date, timeZone: string): string {
  const t = wallTimeIn(instant, timeZone);
  return `${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;
}

/** The local calendar date (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const t = wallTimeIn(instant, timeZone);
  return `${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The next time the local clock in `timeZone` reads `hour`:00, strictly after `now`. */
export function nextLocalHour(now: Date, timeZone: string, hour: number): Date {
  const today = localDate(now, timeZone);
  const [year, month, day] = today.split("-").map(Number) as [number, number, number];
  const candidate = zonedToUtc({ year, month, day, hour, minute: 0, second: 0 }, timeZone);
  if (candidate > now) return candidate;
  const [y2, m2, d2] = addDays(today, 1).split("-").map(Number) as [number, number, number];
  return zonedToUtc({ year: y2, month: m2, day: d2, hour, minute: 0, second: 0 }, timeZone);
}

// An instant as the workspace reads it: its local date and time in the workspace time zone,
// rendered on the server, so every reader sees the same wall clock whatever their own zone.

const FORMATS = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
    FORMATS.set(timeZone, format);
  }
  return format;
}

export function LocalTime({ at, timeZone }: { at: string; timeZone: string }) {
  return <time dateTime={at}>{formatIn(timeZone).format(new Date(at))}</time>;
}

import { wallTimeIn } from "@/lib/time/zone";

const two = (n: number) => String(n).padStart(2, "0");

/** An ISO instant as a datetime-local value in `timeZone` ("" for none). */
export function localTimeInput(iso: string | null, timeZone: string): string {
  if (!iso) return "";
  const t = wallTimeIn(new Date(iso), timeZone);
  return `${t.year}-${two(t.month)}-${two(t.day)}T${two(t.hour)}:${two(t.minute)}`;
}

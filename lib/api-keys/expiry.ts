import { z } from "zod";
import { addDays, localDate, startOfLocalDay } from "@/lib/time/zone";

// When keys stop working. A key may live forever, a fixed number of days, or through a chosen day
// of the workspace's time zone; clients hear about the end a week ahead, and a rotated key's
// previous secret keeps working for a day so they can switch without an outage.

export const EXPIRY_CHOICES = ["never", "30", "90", "365", "date"] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

export const EXPIRY_LABELS: Record<ExpiryChoice, string> = {
  never: "Never",
  "30": "In 30 days",
  "90": "In 90 days",
  "365": "In 365 days",
  date: "On a date…",
};

export const EXPIRY_WARNING_DAYS = 7;
/** On answers to a key (or secret) that stops working within the warning week: when it stops, ISO 8601. */
export const KEY_EXPIRES_HEADER = "Signalboard-Key-Expires";
export const ROTATION_GRACE_HOURS = 24;
const DAY_MS = 86_400_000;
// A key meant to outlive three years is better made without an expiry, on purpose.
const LATEST_EXPIRY_DAYS = 3 * 365;

/** The expiry fields of a key's creation: `expires` (default never) and, for "date", `expiresOn`. */
export const ZExpirySchema = z.object({
  expires: z.enum(EXPIRY_CHOICES, { error: `Choose when the key expires: ${EXPIRY_CHOICES.join(", ")}.` }).default("never"),
  expiresOn: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .pipe(z.iso.date({ error: "Give the last day as YYYY-MM-DD." }).optional()),
});

export type TExpiry = z.infer<typeof ZExpirySchema>;

/**
 * When a new key stops working: null for never; N days from now; or the end of the chosen day in
 * the workspace's time zone (the key works through that whole day). Returns a field error message
 * instead when the chosen day is unusable.
 */
export function expiryInstant(input: TExpiry, timeZone: string, now: Date): { expiresAt: Date | null } | { error: { field: string; message: string } } {
  if (input.expires === "never") return { expiresAt: null };
  if (input.expires !== "date") return { expiresAt: new Date(now.getTime() + Number(input.expires) * DAY_MS) };
  if (!input.expiresOn) return { error: { field: "expiresOn", message: "Choose the last day the key works." } };
  const today = localDate(now, timeZone);
  const latest = addDays(today, LATEST_EXPIRY_DAYS);
  if (input.expiresOn < today || input.expiresOn > latest) {
    return { error: { field: "expiresOn", message: `Choose a day from ${today} to ${latest}.` } };
  }
  return { expiresAt: startOfLocalDay(addDays(input.expiresOn, 1), timeZone) };
}

/** Whether a key (or secret) that stops at `expiresAt` should be flagged now: within the warning week, not yet past. */
export function expiresSoon(expiresAt: Date | null, now: Date): boolean {
  if (!expiresAt) return false;
  const left = expiresAt.getTime() - now.getTime();
  return left > 0 && left <= EXPIRY_WARNING_DAYS * DAY_MS;
}

export function isExpired(expiresAt: Date | null, now: Date): boolean {
  return expiresAt !== null && expiresAt.getTime() <= now.getTime();
}

/** The end of a rotated key's grace period. */
export function graceEnd(now: Date): Date {
  return new Date(now.getTime() + ROTATION_GRACE_HOURS * 3_600_000);
}

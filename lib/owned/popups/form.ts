import { localTimeInput } from "./form-time";
import type { TPopupTemplate } from "./schema";
import { zonedToUtc } from "@/lib/time/zone";

// The editor's form fields to the API's template input, and back. Times are typed in the
// workspace's zone (datetime-local has none); blanks are nulls. Anything unreadable is passed on
// as it is, so the template's own validation names the field.

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
const orNull = (value: string) => (value === "" ? null : value);

function wholeNumber(value: string): number | string | null {
  if (value === "") return null;
  return /^-?\d{1,9}$/.test(value) ? Number(value) : value;
}

/** "2026-12-24T09:30" in `timeZone` -> an ISO instant; blank -> null; anything else as typed. */
function zonedInstant(value: string, timeZone: string): string | null {
  if (value === "") return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return value;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  return zonedToUtc({ year, month, day, hour, minute, second: 0 }, timeZone).toISOString();
}

export function popupInputFromForm(form: FormData, timeZone: string): Record<string, unknown> {
  return {
    name: text(form, "name"),
    title: text(form, "title"),
    body: text(form, "body"),
    cta_label: orNull(text(form, "cta_label")),
    cta_url: orNull(text(form, "cta_url")),
    url_pattern: text(form, "url_pattern") || "*",
    trigger_type: text(form, "trigger_type"),
    trigger_seconds: wholeNumber(text(form, "trigger_seconds")),
    trigger_event: orNull(text(form, "trigger_event")),
    audience: text(form, "audience"),
    target_tag_id: orNull(text(form, "target_tag_id")),
    target_levels: form.getAll("target_levels").map(String),
    active_from: zonedInstant(text(form, "active_from"), timeZone),
    active_until: zonedInstant(text(form, "active_until"), timeZone),
    show_percent: wholeNumber(text(form, "show_percent")) ?? 100,
    enabled: form.get("enabled") === "on",
  };
}

/** The editor's starting values for a template (or a new one). */
export function popupFormValues(popup: TPopupTemplate | null, timeZone: string) {
  return {
    name: popup?.name ?? "",
    title: popup?.title ?? "",
    body: popup?.body ?? "",
    cta_label: popup?.cta_label ?? "",
    cta_url: popup?.cta_url ?? "",
    url_pattern: popup?.url_pattern ?? "*",
    trigger_type: popup?.trigger_type ?? "wait",
    trigger_seconds: popup?.trigger_seconds === null || popup?.trigger_seconds === undefined ? (popup ? "" : "5") : String(popup.trigger_seconds),
    trigger_event: popup?.trigger_event ?? "",
    audience: popup?.audience ?? "any",
    target_tag_id: popup?.target_tag_id ?? "",
    target_levels: popup?.target_levels ?? [],
    active_from: localTimeInput(popup?.active_from ?? null, timeZone),
    active_until: localTimeInput(popup?.active_until ?? null, timeZone),
    show_percent: String(popup?.show_percent ?? 100),
    enabled: popup?.enabled ?? true,
  };
}
export type TPopupFormValues = ReturnType<typeof popupFormValues>;

import { z } from "zod";
import { AppError } from "@/lib/errors";
import { historyWindowOf, type HistoryWindow } from "./limits";

// The one rule for history a plan does not show, for every read path that is not a rollup report
// (runReport has its own, with comparisons): a requested range of local days starts no earlier
// than the plan's earliest day, a range wholly before it is refused (402), and whatever was cut
// carries the plan's note. Nothing is deleted; another plan shows it again. Billing off: no window.

export type { HistoryWindow } from "./limits";

/** A requested range of local days (YYYY-MM-DD), either end open. */
export type DayRange = { from: string | null; to: string | null };

/** The range a reader may show, and the note to show beside it when the plan cut it. */
export type ShownRange = DayRange & { note: string | null };

/** The plan's window of days a workspace may see, or null when nothing is hidden. */
export const historyWindow = historyWindowOf;

/** Cuts `range` to `window` (pure): the start moved to the earliest day shown, or a 402 when nothing is left. */
export function clampRange(range: DayRange, window: HistoryWindow | null): ShownRange {
  if (!window) return { ...range, note: null };
  const { earliest, note } = window;
  if (range.to !== null && range.to < earliest) throw new AppError("payment_required", `This range ends before ${earliest}. ${note}`);
  if (range.from !== null && range.from >= earliest) return { ...range, note: null };
  return { from: earliest, to: range.to, note };
}

/** `clampRange` against the workspace's plan now. */
export async function shownRange(workspaceId: string, timeZone: string, range: DayRange, now: Date = new Date()): Promise<ShownRange> {
  return clampRange(range, await historyWindowOf(workspaceId, timeZone, now));
}

/** The earliest local day a list may show (null: all), and the note that says older rows are hidden. */
export async function shownSince(workspaceId: string, timeZone: string, now: Date = new Date()): Promise<{ earliest: string | null; note: string | null }> {
  const window = await historyWindowOf(workspaceId, timeZone, now);
  return { earliest: window?.earliest ?? null, note: window?.note ?? null };
}

/** The field every answer that can be cut carries: the plan's note when it hid older history. */
export const ZHistoryNoteSchema = z
  .string()
  .nullable()
  .describe(
    "Set when the workspace's plan limits the history shown (older rows are kept, not shown): the day it starts from and the plan that shows more. " +
      "A range report sets it only when the range was cut; a list, whenever its plan has a limit. Null with billing off.",
  );

/** The header a CSV export carries the same note in. */
export const HISTORY_NOTE_HEADER = "Signalboard-History-Note";

/** The note as a CSV export's header, when there is one. */
export const historyNoteHeader = (note: string | null): Record<string, string> => (note ? { [HISTORY_NOTE_HEADER]: note } : {});

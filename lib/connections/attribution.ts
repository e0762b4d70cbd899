import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/changes";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getConnection } from "@/lib/connections/service";
import { requestSync } from "@/lib/sync/dispatch";
import type { SyncScope } from "@/lib/sync/scope";
import { parseInput } from "@/lib/validation";
import { META_ATTRIBUTION_CHOICES } from "./attribution-choices";

export { META_ATTRIBUTION_CHOICES };

// Which conversions Meta credits to an ad: the attribution window its Insights report with. It
// changes every past day's purchases, so a change re-pulls the connection's whole history.

type Choice = keyof typeof META_ATTRIBUTION_CHOICES;
const CHOICES = Object.keys(META_ATTRIBUTION_CHOICES) as [Choice, ...Choice[]];

export const ZAttributionInput = z.object({
  attributionWindow: z.enum(CHOICES, { error: "Choose one of the attribution windows offered." }),
});

/** The connection's current choice (Meta's default when none was made). */
export function attributionChoice(settings: unknown): Choice {
  const stored = (settings as { attributionWindow?: unknown } | null)?.attributionWindow;
  const key = Array.isArray(stored) ? stored.join(",") : typeof stored === "string" ? stored : "";
  return (CHOICES as string[]).includes(key) ? (key as Choice) : "7d_click,1d_view";
}

const HISTORY_DAYS = 2 * 365;

/** Saves the window and re-pulls history with it; returns the run that does so. */
export async function setMetaAttributionWindow(scope: SyncScope, input: unknown): Promise<{ choice: Choice; runId: string }> {
  const { attributionWindow } = parseInput(ZAttributionInput, input);
  const connection = await getConnection(scope);
  if (connection.provider !== "meta_ads") throw AppError.field("attributionWindow", "Only Meta Ads connections have an attribution window.");
  if (connection.status === "disconnected") throw new AppError("conflict", "This connection is disconnected; reconnect it first.");
  const stored = connection.settings && typeof connection.settings === "object" && !Array.isArray(connection.settings) ? connection.settings : {};
  await db.$transaction(async (tx) => {
    await tx.connection.update({
      where: { workspaceId_id: { workspaceId: scope.workspaceId, id: scope.connectionId } },
      data: { settings: { ...stored, attributionWindow: attributionWindow.split(",") } },
    });
    await recordAudit(tx, {
      workspaceId: scope.workspaceId,
      action: "connection.settings_changed",
      target: { type: "connection", id: scope.connectionId },
      changes: diffFields({ attributionWindow: (stored as { attributionWindow?: unknown }).attributionWindow ?? null }, { attributionWindow: attributionWindow.split(",") }),
    });
  });
  const now = new Date();
  const run = await requestSync(scope, "manual", { from: new Date(now.getTime() - HISTORY_DAYS * 86_400_000), to: now });
  return { choice: attributionWindow, runId: run.runId };
}

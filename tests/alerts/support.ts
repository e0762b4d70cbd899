import { db } from "@/lib/db/client";
import { applyAdSpend } from "@/lib/imports/apply-ad-spend";
import { ZAdSpendImportRowSchema } from "@/lib/imports/schema";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { addDays } from "@/lib/time/zone";

/** A workspace in UTC (so "yesterday" is plain to read) and its owner. */
export async function utcWorkspace() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "UTC" });
  return { owner, workspace };
}

/** Imported ad spend: one campaign, one amount per day (decimal strings). */
export async function spendOn(workspaceId: string, days: Record<string, string>): Promise<void> {
  const rows = Object.entries(days).map(([date, spend]) => ZAdSpendImportRowSchema.parse({ date, platform: "Google Ads", campaign: "Always on", spend, currency: "USD" }));
  await applyAdSpend(workspaceId, rows);
}

/** `weeks` weeks of steady spend before `day`, every day the same amount. */
export function steadyDays(day: string, weeks: number, amount: string): Record<string, string> {
  return Object.fromEntries(Array.from({ length: weeks * 7 }, (_, i) => [addDays(day, -(i + 1)), amount]));
}

export const incidentsOf = (workspaceId: string) => db.alertIncident.findMany({ where: { workspaceId }, orderBy: { openedAt: "asc" } });

import { db } from "@/lib/db/client";
import { addDays, localDate } from "@/lib/time/zone";
import { workspaceWith } from "../helpers";

/** Today in the workspace's zone (every seeded workspace is in America/New_York). */
export const todayIn = (timeZone = "America/New_York") => localDate(new Date(), timeZone);

/** A fact `daysAgo` days before today: one GA4 traffic row, enough for a workspace to have history. */
export async function seedTrafficDay(workspaceId: string, daysAgo: number): Promise<string> {
  const day = addDays(todayIn(), -daysAgo);
  await db.trafficDaily.create({
    data: {
      workspaceId, connectionId: "ga-test", day: new Date(`${day}T00:00:00Z`), channelGroup: "Organic Search",
      source: "google", medium: "organic", sessions: 10, users: 8, transactions: 1, purchaseRevenue: "12.50", currency: "USD",
    },
  });
  return day;
}

/** A workspace whose facts start `daysAgo` days back, with an admin, a member and a viewer. */
export async function workspaceWithHistory(daysAgo: number) {
  const setup = await workspaceWith(["admin", "member", "viewer"] as const);
  if (daysAgo >= 0) await seedTrafficDay(setup.workspace.id, daysAgo);
  return setup;
}

import { connectionHealth } from "@/lib/connections/health";
import { isProviderKey, PROVIDERS } from "@/lib/connectors/registry";
import { db } from "@/lib/db/client";
import { addDays, localDate } from "@/lib/time/zone";
import { median } from "./evaluators";
import type { Judged } from "./incidents";
import { CHECK_LABELS, type IntegrationCheck } from "./schema";

// Integration rules watch the workspace's connections rather than a metric: lost authorisation,
// syncs failing for hours, a token lapsing within 7 days (the same lapse dates the
// warn-expiring-tokens job emails admins about, read through lib/connections/health), and data that
// stopped arriving when it usually does. Each connection is one subject, with its own incident.

/** Weeks whose same hours make the "usually" of no_orders and no_spend. */
export const USUAL_WEEKS = 4;
const HOUR_MS = 3_600_000;

type Connection = { id: string; provider: string; displayName: string; status: string; lastSuccessAt: Date | null; lastErrorAt: Date | null; lastError: string | null; createdAt: Date };

export type IntegrationRule = { name: string; check: IntegrationCheck; hours: number | null };

const kindOf = (provider: string) => (isProviderKey(provider) ? PROVIDERS[provider].kind : null);

function judged(rule: IntegrationRule, connection: Connection, state: Judged["state"], deviation: number, value: string, baseline: string, summary: string, now: Date, timeZone: string): Judged {
  return {
    subject: connection.id,
    day: localDate(now, timeZone),
    state,
    deviation,
    value,
    baseline,
    figures: {
      rule: rule.name,
      subject: `${connection.displayName} (${isProviderKey(connection.provider) ? PROVIDERS[connection.provider].label : connection.provider})`,
      value,
      baseline,
      method: `${CHECK_LABELS[rule.check]}${rule.hours ? `, for ${rule.hours} hours or more` : ""}.`,
      summary,
    },
  };
}

/** Orders of one store connection in [from, to), by the time an order's day is judged by. */
async function ordersBetween(workspaceId: string, connectionId: string, windows: { from: Date; to: Date }[]): Promise<number[]> {
  return Promise.all(
    windows.map(async ({ from, to }) => {
      const [row] = await db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM orders
        WHERE workspace_id = ${workspaceId} AND connection_id = ${connectionId}
          AND COALESCE(processed_at, created_at) >= ${from} AND COALESCE(processed_at, created_at) < ${to}`;
      return Number(row?.n ?? 0);
    }),
  );
}

/** Ad spend of one connection over local days fromDay..toDay, in the account's currency (only zero or not matters). */
async function spendBetween(workspaceId: string, connectionId: string, ranges: { fromDay: string; toDay: string }[]): Promise<string[]> {
  return Promise.all(
    ranges.map(async ({ fromDay, toDay }) => {
      const [row] = await db.$queryRaw<{ spend: string | null }[]>`
        SELECT sum(spend)::text AS spend FROM ad_insights_daily
        WHERE workspace_id = ${workspaceId} AND connection_id = ${connectionId} AND day BETWEEN ${fromDay}::date AND ${toDay}::date`;
      return row?.spend ?? "0";
    }),
  );
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

async function checkConnection(workspaceId: string, rule: IntegrationRule, c: Connection, token: { state: string; text: string } | null, now: Date, timeZone: string): Promise<Judged | null> {
  const hours = rule.hours ?? 1;
  const kind = kindOf(c.provider);
  switch (rule.check) {
    case "needs_reauth": {
      const firing = c.status === "needs_reauth";
      return judged(rule, c, firing ? "firing" : "quiet", firing ? 1 : 0, firing ? "needs re-authorisation" : c.status, "connected", firing ? "syncing has stopped until someone reconnects it." : "connected again.", now, timeZone);
    }
    case "token_expiring": {
      if (!token) return null;
      const firing = token.state === "expiring" || token.state === "expired";
      return judged(rule, c, firing ? "firing" : "quiet", firing ? 1 : 0, token.text, "valid for more than 7 days", firing ? `${token.text}; reconnect it to keep it syncing.` : `${token.text}.`, now, timeZone);
    }
    case "sync_failing": {
      const since = c.lastSuccessAt ?? c.createdAt;
      const failingHours = Math.floor((now.getTime() - since.getTime()) / HOUR_MS);
      const firing = c.status === "error" && failingHours >= hours;
      const value = c.status === "error" ? `failing for ${plural(failingHours, "hour")}` : "syncing";
      return judged(rule, c, firing ? "firing" : "quiet", firing ? failingHours / hours : 0, value, `a successful sync within ${plural(hours, "hour")}`, firing ? `no successful sync for ${plural(failingHours, "hour")}: ${c.lastError ?? "unknown error"}` : "syncing again.", now, timeZone);
    }
    case "no_orders": {
      if (kind !== "store") return null;
      const windows = Array.from({ length: USUAL_WEEKS + 1 }, (_, k) => ({ from: new Date(now.getTime() - k * 7 * 24 * HOUR_MS - hours * HOUR_MS), to: new Date(now.getTime() - k * 7 * 24 * HOUR_MS) }));
      const [current, ...past] = await ordersBetween(workspaceId, c.id, windows);
      const usual = median(past);
      const firing = current === 0 && usual >= 1;
      const baseline = `usually ${plural(Math.round(usual), "order")} (median of the same ${plural(hours, "hour")} of the last ${USUAL_WEEKS} weeks)`;
      return judged(rule, c, firing ? "firing" : "quiet", firing ? usual : 0, plural(current!, "order"), baseline, firing ? `no orders in the last ${plural(hours, "hour")}.` : "orders are arriving.", now, timeZone);
    }
    case "no_spend": {
      if (kind !== "ads") return null;
      // Platforms report spend per day, so the hours are counted in whole local days up to yesterday.
      const days = Math.max(1, Math.ceil(hours / 24));
      const lastDay = addDays(localDate(now, timeZone), -1);
      const ranges = Array.from({ length: USUAL_WEEKS + 1 }, (_, k) => ({ fromDay: addDays(lastDay, -7 * k - days + 1), toDay: addDays(lastDay, -7 * k) }));
      const [current, ...past] = await spendBetween(workspaceId, c.id, ranges);
      const spentWeeks = past.filter((s) => Number(s) > 0).length;
      const firing = Number(current) === 0 && spentWeeks > USUAL_WEEKS / 2;
      const baseline = `spend on the same days in ${spentWeeks} of the last ${USUAL_WEEKS} weeks`;
      return judged(rule, c, firing ? "firing" : "quiet", firing ? 1 : 0, `spend ${current} over the last ${plural(days, "day")}`, baseline, firing ? `no ad spend in the last ${plural(days, "complete day")}.` : "spend is being reported.", now, timeZone);
    }
  }
}

/** One judgement per connection the check applies to (disconnected ones are left out). */
export async function judgeIntegrationRule(workspaceId: string, rule: IntegrationRule, now: Date, timeZone: string): Promise<Judged[]> {
  const [connections, health] = await Promise.all([
    db.connection.findMany({
      where: { workspaceId, status: { not: "disconnected" }, provider: { not: "import" } },
      select: { id: true, provider: true, displayName: true, status: true, lastSuccessAt: true, lastErrorAt: true, lastError: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    }),
    rule.check === "token_expiring" ? connectionHealth(workspaceId, { now, timeZone }) : null,
  ]);
  const results: Judged[] = [];
  for (const c of connections) {
    const found = await checkConnection(workspaceId, rule, c, health?.get(c.id)?.token ?? null, now, timeZone);
    if (found) results.push(found);
  }
  return results;
}

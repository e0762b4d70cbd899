import { describe, expect, it } from "vitest";
import { getPool, utc } from "@/lib/db/pool";
import { seedOwnedCampaign, seedOwnedClick, seedOwnedOpen, seedOwnedSends } from "@/lib/owned/demo/factories";
import { refreshOwnedDays } from "@/lib/owned/report/daily";
import { parseOwnedReportQuery } from "@/lib/owned/report/query";
import { ownedReport } from "@/lib/owned/report/report";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";

// The report reads its per-send figures from daily sums (owned_report_daily) rebuilt for the days
// any write touched. Whatever is written between two reads (an open, a click judged human, an
// unsubscribe, a send failed, moved to another day or deleted), the report must equal a plain
// count over the sends, including a write that races the rebuild.

const D1 = new Date("2026-11-03T15:00:00Z");
const D2 = new Date("2026-11-04T15:00:00Z");
const QUERY = parseOwnedReportQuery(new URLSearchParams({ date_from: "2026-11-01", date_to: "2026-11-30" }), "2026-11-30");

/** The figures counted the plain way, straight from the rows. */
async function plainCount(workspaceId: string) {
  const { rows } = await getPool().query<{ sends: number; delivered: number; opens: number; clicks: number; machine_opens: number; unsubscribes: number }>(
    `SELECT count(*)::int AS sends, count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
       count(*) FILTER (WHERE id IN (SELECT send_id FROM owned_opens WHERE workspace_id = $1 AND NOT machine)
                          OR id IN (SELECT send_id FROM owned_clicks WHERE workspace_id = $1 AND human AND NOT machine))::int AS opens,
       count(*) FILTER (WHERE id IN (SELECT send_id FROM owned_clicks WHERE workspace_id = $1 AND human AND NOT machine))::int AS clicks,
       count(*) FILTER (WHERE id IN (SELECT send_id FROM owned_opens WHERE workspace_id = $1 AND machine))::int AS machine_opens,
       count(*) FILTER (WHERE id IN (SELECT send_id FROM owned_send_events WHERE workspace_id = $1 AND kind = 'unsubscribe'))::int AS unsubscribes
     FROM owned_sends WHERE workspace_id = $1 AND NOT is_test AND status <> 'prepared' AND sent_day BETWEEN '2026-11-01' AND '2026-11-30'`,
    [workspaceId],
  );
  return rows[0]!;
}

async function reported(workspaceId: string) {
  const { sends, delivered, opens, clicks, machine_opens, unsubscribes } = (await ownedReport(workspaceId, QUERY)).totals;
  return { sends, delivered, opens, clicks, machine_opens, unsubscribes };
}

async function setup() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "UTC", currency: "USD" });
  const ws = workspace.id;
  const { campaign, templates } = await seedOwnedCampaign(ws, { name: "Weekly", templates: ["A"] });
  const sends = await seedOwnedSends(ws, "UTC", [D1, D1, D1, D2].map((sentAt) => ({ campaignId: campaign.id, templateId: templates[0]!.id, sentAt })));
  return { ws, sends };
}

describe("the owned report's daily sums", () => {
  it("follow every write between reads and equal a plain count", async () => {
    const { ws, sends } = await setup();
    expect(await reported(ws)).toEqual(await plainCount(ws));
    expect((await reported(ws)).sends).toBe(4);
    // Nothing changed: nothing is rebuilt.
    expect(await refreshOwnedDays(ws, "2026-11-01", "2026-11-30")).toEqual({ rebuilt: 0, remaining: 0 });

    await seedOwnedOpen(ws, { sendId: sends[0]!, at: new Date(D1.getTime() + 60_000) });
    await seedOwnedOpen(ws, { sendId: sends[1]!, at: new Date(D1.getTime() + 2_000), machine: true });
    const click = await seedOwnedClick(ws, { sendId: sends[2]!, at: new Date(D1.getTime() + 600_000), visitorId: "v" });
    expect(await reported(ws)).toEqual({ ...(await plainCount(ws)), opens: 1, clicks: 0, machine_opens: 1 });

    // The hourly judge decides the click was a person's; an unsubscribe arrives; a send bounces.
    await getPool().query("UPDATE owned_clicks SET human = true WHERE workspace_id = $1 AND id = $2", [ws, click.id]);
    await getPool().query("INSERT INTO owned_send_events (workspace_id, send_id, kind, at, source) VALUES ($1, $2, 'unsubscribe', $3::timestamp, 'api')", [ws, sends[0]!, utc(D1)]);
    await getPool().query("UPDATE owned_sends SET status = 'failed' WHERE workspace_id = $1 AND id = $2", [ws, sends[3]!]);
    expect(await reported(ws)).toEqual({ sends: 4, delivered: 3, opens: 2, clicks: 1, machine_opens: 1, unsubscribes: 1 });
    expect(await reported(ws)).toEqual(await plainCount(ws));

    // A send moved to another day, one made a test, one deleted with its open (an erased store).
    await getPool().query("UPDATE owned_sends SET sent_day = '2026-12-01', sent_at = '2026-12-01T10:00:00' WHERE workspace_id = $1 AND id = $2", [ws, sends[2]!]);
    await getPool().query("UPDATE owned_sends SET is_test = true WHERE workspace_id = $1 AND id = $2", [ws, sends[3]!]);
    await getPool().query("DELETE FROM owned_opens WHERE workspace_id = $1 AND send_id = $2", [ws, sends[0]!]);
    await getPool().query("DELETE FROM owned_sends WHERE workspace_id = $1 AND id = $2", [ws, sends[1]!]);
    expect(await reported(ws)).toEqual({ sends: 1, delivered: 1, opens: 0, clicks: 0, machine_opens: 0, unsubscribes: 1 });
    expect(await reported(ws)).toEqual(await plainCount(ws));
  });

  it("keeps a day marked when a write lands while it is rebuilt, so the next read has it", async () => {
    const { ws, sends } = await setup();
    await reported(ws);
    // An open, committed, marks the day for the rebuild to see.
    await seedOwnedOpen(ws, { sendId: sends[1]!, at: D1 });
    // A writer's open is in (the day's mark bumped again) but not committed while the report rebuilds the day.
    const writer = await getPool().connect();
    try {
      await writer.query("BEGIN");
      await writer.query("INSERT INTO owned_opens (workspace_id, send_id, at, source) VALUES ($1, $2, $3::timestamp, 'pixel')", [ws, sends[0]!.toString(), utc(D1)]);
      const rebuild = refreshOwnedDays(ws, "2026-11-01", "2026-11-30");
      await new Promise((resolve) => setTimeout(resolve, 300));
      await writer.query("COMMIT");
      expect((await rebuild).rebuilt).toBe(1);
    } finally {
      writer.release();
    }
    const marks = await getPool().query("SELECT day FROM owned_report_dirty WHERE workspace_id = $1", [ws]);
    expect(marks.rowCount).toBe(1);
    expect((await reported(ws)).opens).toBe(2);
    expect(await reported(ws)).toEqual(await plainCount(ws));
  });
});

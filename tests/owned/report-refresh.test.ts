import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { getPool, utc } from "@/lib/db/pool";
import type { JobContext } from "@/lib/jobs/define";
import { localJobsSettled } from "@/lib/jobs/local";
import { judgeUndecidedClicks } from "@/lib/owned/attribution/attribute";
import { seedOwnedCampaign, seedOwnedClick, seedOwnedOpen, seedOwnedSends } from "@/lib/owned/demo/factories";
import { recordSendEvents } from "@/lib/owned/messages/send-events";
import { recordSends } from "@/lib/owned/messages/sends";
import { INLINE_DAYS } from "@/lib/owned/report/daily";
import { sweepOwnedReportHandler } from "@/lib/owned/report/job-handlers";
import { parseOwnedReportQuery } from "@/lib/owned/report/query";
import { ownedReport } from "@/lib/owned/report/report";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { addDays } from "@/lib/time/zone";

// The report's sums are kept current outside requests: each send carries flags of what its
// recipient did (kept by triggers whoever writes), a refresh job queued by the writers rebuilds
// the marked days, a nightly sweep catches the rest, and a report rebuilds only a few days itself
// and says when more are still being updated.

const MIN = 60_000;
const HOUR = 60 * MIN;
// Recent, so the tracked events the human check reads land in partitions that exist.
const SENT_AT = new Date(Math.floor((Date.now() - 2 * 24 * HOUR) / HOUR) * HOUR);
const SENT_DAY = SENT_AT.toISOString().slice(0, 10);

async function workspaceWithCampaign() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "UTC", currency: "USD" });
  const { campaign, templates } = await seedOwnedCampaign(workspace.id, { name: "Weekly", templates: ["A"] });
  return { workspace, ws: workspace.id, campaign, templateId: templates[0]!.id };
}

type TFlags = { id: string; opened: boolean; clicked: boolean; machine_opened: boolean; machine_clicked: boolean; unsubscribed: boolean; complained: boolean };

const flagsOf = async (ws: string) =>
  (await getPool().query<TFlags>("SELECT id::text, opened, clicked, machine_opened, machine_clicked, unsubscribed, complained FROM owned_sends s WHERE s.workspace_id = $1 ORDER BY s.id", [ws])).rows;

/** The flags as the rows say, read the plain way. */
const flagsFromRows = async (ws: string) =>
  (
    await getPool().query<TFlags>(
      `SELECT s.id::text,
         EXISTS (SELECT 1 FROM owned_opens o WHERE o.workspace_id = s.workspace_id AND o.send_id = s.id AND NOT o.machine) AS opened,
         EXISTS (SELECT 1 FROM owned_clicks k WHERE k.workspace_id = s.workspace_id AND k.send_id = s.id AND k.human AND NOT k.machine) AS clicked,
         EXISTS (SELECT 1 FROM owned_opens o WHERE o.workspace_id = s.workspace_id AND o.send_id = s.id AND o.machine) AS machine_opened,
         EXISTS (SELECT 1 FROM owned_clicks k WHERE k.workspace_id = s.workspace_id AND k.send_id = s.id AND k.machine) AS machine_clicked,
         EXISTS (SELECT 1 FROM owned_send_events e WHERE e.workspace_id = s.workspace_id AND e.send_id = s.id AND e.kind = 'unsubscribe') AS unsubscribed,
         EXISTS (SELECT 1 FROM owned_send_events e WHERE e.workspace_id = s.workspace_id AND e.send_id = s.id AND e.kind = 'spam_complaint') AS complained
       FROM owned_sends s WHERE s.workspace_id = $1 ORDER BY s.id`,
      [ws],
    )
  ).rows;

const marksOf = async (ws: string) =>
  (await getPool().query<{ day: string }>("SELECT to_char(day, 'YYYY-MM-DD') AS day FROM owned_report_dirty WHERE workspace_id = $1 ORDER BY day", [ws])).rows.map((r) => r.day);

const query = (from: string, to: string) => parseOwnedReportQuery(new URLSearchParams({ date_from: from, date_to: to }), to);

async function pageView(ws: string, anonymousId: string, at: Date) {
  await getPool().query(
    `INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, properties, context, source)
     VALUES ($1, $2, 'page', $3::timestamp, $3::timestamp, $4, '{}', '{}', 'browser')`,
    [ws, crypto.randomUUID(), utc(at), anonymousId],
  );
}

describe("each send's flags", () => {
  it("follow opens, a click judged human and later a scanner's, an unsubscribe and a removed open", async () => {
    const { ws, campaign, templateId } = await workspaceWithCampaign();
    const [s0, s1] = await seedOwnedSends(ws, "UTC", [SENT_AT, SENT_AT].map((sentAt) => ({ campaignId: campaign.id, templateId, sentAt })));
    const expectFlags = async (expected: Partial<TFlags>[]) => {
      const flags = await flagsOf(ws);
      expect(flags).toEqual(await flagsFromRows(ws));
      expect(flags).toMatchObject(expected);
    };
    const none = { opened: false, clicked: false, machine_opened: false, machine_clicked: false, unsubscribed: false, complained: false };
    await expectFlags([none, none]);

    // An open an hour after the send; a privacy proxy fetching the other's pixel at once.
    const open = await seedOwnedOpen(ws, { sendId: s0!, at: new Date(SENT_AT.getTime() + HOUR) });
    await seedOwnedOpen(ws, { sendId: s1!, at: new Date(SENT_AT.getTime() + 4_000), machine: true });
    await expectFlags([{ ...none, opened: true }, { ...none, machine_opened: true }]);

    // A click, undecided until the hourly check finds the visitor's page view 4 minutes after it.
    const click = await seedOwnedClick(ws, { sendId: s1!, at: new Date(SENT_AT.getTime() + 2 * HOUR), visitorId: "v1" });
    await expectFlags([{ opened: true }, { clicked: false, machine_opened: true }]);
    await pageView(ws, "v1", new Date(click.at.getTime() + 4 * MIN));
    expect(await judgeUndecidedClicks(new Date(click.at.getTime() + HOUR), ws)).toMatchObject({ clicks: 1, human: 1 });
    // A human click is also an open (an image-blocked read): the verdict stores one.
    await expectFlags([{ opened: true }, { opened: true, clicked: true, machine_clicked: false }]);

    // Later judged a scanner's after all: no longer a click, a machine click instead.
    await getPool().query("UPDATE owned_clicks SET machine = true, machine_reason = 'all_links' WHERE workspace_id = $1 AND id = $2", [ws, click.id]);
    await expectFlags([{ opened: true }, { clicked: false, machine_clicked: true }]);

    // An unsubscribe and a complaint arrive by the API; the open is removed (restated).
    const { rows } = await getPool().query<{ send_id: string }>("SELECT send_id FROM owned_sends WHERE workspace_id = $1 ORDER BY id", [ws]);
    await recordSendEvents(ws, { events: [{ send: rows[0]!.send_id, kind: "unsubscribe", at: SENT_AT.toISOString() }, { send: rows[1]!.send_id, kind: "spam_complaint", at: SENT_AT.toISOString() }] });
    await getPool().query("DELETE FROM owned_opens WHERE workspace_id = $1 AND id = $2", [ws, open.id]);
    // (The open the human verdict stored for the second send stays: that send is still opened.)
    await expectFlags([{ ...none, unsubscribed: true }, { ...none, opened: true, machine_opened: true, machine_clicked: true, complained: true }]);
    await localJobsSettled();

    // The report counts from the flags.
    const totals = (await ownedReport(ws, query(SENT_DAY, SENT_DAY))).totals;
    expect(totals).toMatchObject({ sends: 2, opens: 1, clicks: 0, machine_opens: 1, machine_clicks: 1, unsubscribes: 1, complaints: 1 });
  });

  it("keeps both of two writers of one send that commit one after the other", async () => {
    const { ws, campaign, templateId } = await workspaceWithCampaign();
    const [send] = await seedOwnedSends(ws, "UTC", [{ campaignId: campaign.id, templateId, sentAt: SENT_AT }]);
    const first = await getPool().connect();
    const second = await getPool().connect();
    try {
      await first.query("BEGIN");
      await first.query("INSERT INTO owned_opens (workspace_id, send_id, at, source, machine) VALUES ($1, $2, $3::timestamp, 'pixel', true)", [ws, send!.toString(), utc(SENT_AT)]);
      // The second open waits for the first writer's lock on the send, then reads the flags after its commit.
      const pid = (await second.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
      const waiting = second.query("INSERT INTO owned_opens (workspace_id, send_id, at, source) VALUES ($1, $2, $3::timestamp, 'pixel')", [ws, send!.toString(), utc(SENT_AT)]);
      for (;;) {
        const { rows } = await getPool().query<{ wait: string | null }>("SELECT wait_event_type AS wait FROM pg_stat_activity WHERE pid = $1", [pid]);
        if (rows[0]?.wait === "Lock") break;
      }
      await first.query("COMMIT");
      await waiting;
    } finally {
      first.release();
      second.release();
    }
    expect(await flagsOf(ws)).toMatchObject([{ opened: true, machine_opened: true }]);
    expect(await flagsOf(ws)).toEqual(await flagsFromRows(ws));
  });
});

describe("bringing the report's sums up to date", () => {
  it("rebuilds a few marked days in the request, says how many remain, and leaves them to the job", async () => {
    const { ws, campaign, templateId } = await workspaceWithCampaign();
    const days = [0, 1, 2, 3, 4].map((d) => addDays("2026-11-02", d));
    await seedOwnedSends(ws, "UTC", days.map((day) => ({ campaignId: campaign.id, templateId, sentAt: new Date(`${day}T12:00:00Z`) })));
    expect(await marksOf(ws)).toEqual(days);

    const first = await ownedReport(ws, query("2026-11-01", "2026-11-30"));
    expect(first.pending_days).toBe(days.length - INLINE_DAYS);
    // The latest days were rebuilt; the others wait for the job the report queued (which may
    // already be running, so the marks are not read here).
    expect(first.totals.sends).toBe(INLINE_DAYS);

    await localJobsSettled();
    expect(await marksOf(ws)).toEqual([]);
    const after = await ownedReport(ws, query("2026-11-01", "2026-11-30"));
    expect(after).toMatchObject({ pending_days: 0, totals: { sends: days.length } });
  });

  it("is queued by the sends API, and the job rebuilds every marked day", async () => {
    const { workspace, ws, campaign } = await workspaceWithCampaign();
    const sends = [0, 1, 2, 3].map((d) => ({ id: `s-${d}`, campaign: campaign.externalId, template: "t0", sent_at: `${addDays("2026-11-02", d)}T10:00:00Z`, status: "delivered" }));
    await recordSends(workspace, { sends });
    await localJobsSettled();
    expect(await marksOf(ws)).toEqual([]);
    const { rows } = await getPool().query<{ n: number }>("SELECT sum(sends)::int AS n FROM owned_report_daily WHERE workspace_id = $1", [ws]);
    expect(rows[0]!.n).toBe(4);
    expect((await ownedReport(ws, query("2026-11-01", "2026-11-30"))).pending_days).toBe(0);
  });

  it("the nightly sweep rebuilds every workspace's marked days", async () => {
    const a = await workspaceWithCampaign();
    const b = await workspaceWithCampaign();
    for (const x of [a, b]) await seedOwnedSends(x.ws, "UTC", [{ campaignId: x.campaign.id, templateId: x.templateId, sentAt: new Date("2026-11-05T12:00:00Z") }]);
    expect([...(await marksOf(a.ws)), ...(await marksOf(b.ws))]).toEqual(["2026-11-05", "2026-11-05"]);
    const context: JobContext = { step: async (_id, work) => work(), sleep: async () => undefined, enqueue: async () => undefined };
    const result = (await sweepOwnedReportHandler.run({}, context)) as { workspaces: number; rebuilt: number };
    expect(result.rebuilt).toBeGreaterThanOrEqual(2);
    expect([...(await marksOf(a.ws)), ...(await marksOf(b.ws))]).toEqual([]);
    expect((await ownedReport(a.ws, query("2026-11-01", "2026-11-30"))).totals.sends).toBe(1);
  });
});

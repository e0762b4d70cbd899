import crypto from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as ownedReportRoute } from "@/app/api/v1/workspaces/[slug]/reports/owned/route";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { popupReport } from "@/lib/owned/popups/report";
import { createPopup } from "@/lib/owned/popups/templates";
import { apiKey, freshWorkspace } from "../../dashboards/support";

// A constructed stream of assignments and events over two local days in Berlin, with the lift
// worked out by hand below.

const HOUR = 3_600_000;
const at = (iso: string, hours = 0) => new Date(Date.parse(iso) + hours * HOUR);

async function assignment(workspaceId: string, templateId: string, anonymousId: string, arm: "show" | "holdout", exposed: Date) {
  await getPool().query(
    "INSERT INTO popup_assignments (workspace_id, template_id, anonymous_id, arm, assigned_at, first_shown_at) VALUES ($1, $2, $3, $4, $5::timestamp, $6::timestamp)",
    [workspaceId, templateId, anonymousId, arm, exposed.toISOString().slice(0, 23), arm === "show" ? exposed.toISOString().slice(0, 23) : null],
  );
}

async function event(workspaceId: string, anonymousId: string, name: string, when: Date, properties: Record<string, unknown> = {}) {
  await getPool().query(
    `INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, properties, context, source)
     VALUES ($1, $2, $3, $4::timestamp, $4::timestamp, $5, $6::jsonb, '{}', 'browser')`,
    [workspaceId, crypto.randomUUID(), name, when.toISOString().slice(0, 23), anonymousId, JSON.stringify(properties)],
  );
}

/** Two templates of a Berlin workspace with a constructed stream over local 2026-11-10 and 11. */
async function constructedStream() {
  const { workspace, owner } = await freshWorkspace();
  await db.workspace.update({ where: { id: workspace.id }, data: { timeZone: "Europe/Berlin" } });
  const popup = await createPopup(workspace.id, { name: "Boots", title: "10 % off", trigger_type: "wait", trigger_seconds: 3, show_percent: 50 });
  const other = await createPopup(workspace.id, { name: "Idle", title: "Hi", trigger_type: "wait", trigger_seconds: 1 });
  const ws = workspace.id;
  // Range: 2026-11-10 and 11 in Berlin = 2026-11-09T23:00Z to 2026-11-11T23:00Z.
  const day1 = "2026-11-10T09:00:00Z";
  // Shown arm: a converts 2 h after, b 23:59 after, c 25 h after (too late), d only before its show.
  for (const v of ["a", "b", "c", "d"]) await assignment(ws, popup.id, v, "show", at(day1));
  await event(ws, "a", "checkout_completed", at(day1, 2));
  await event(ws, "b", "checkout_completed", at(day1, 23 + 59 / 60));
  await event(ws, "c", "checkout_completed", at(day1, 25));
  await event(ws, "d", "checkout_completed", at(day1, -1));
  // Holdout: e converts an hour after it qualified; f, g, h do not; f's page view is no conversion.
  for (const v of ["e", "f", "g", "h"]) await assignment(ws, popup.id, v, "holdout", at(day1, 1));
  await event(ws, "e", "checkout_completed", at(day1, 2));
  await event(ws, "f", "page_view", at(day1, 2));
  // Outside the range: shown at 23:30 Berlin on the 11th's end (00:30 on the 12th local) and the day before it starts.
  await assignment(ws, popup.id, "late", "show", at("2026-11-11T23:30:00Z"));
  await assignment(ws, popup.id, "early", "holdout", at("2026-11-09T22:30:00Z"));
  // The snippet's events: 5 shows to 4 visitors, 2 clicks, 1 close; one show outside the range.
  for (const v of ["a", "a", "b", "c", "d"]) await event(ws, v, "popup_shown", at(day1, 0.01), { popup_id: popup.id });
  for (const v of ["a", "b"]) await event(ws, v, "popup_clicked", at(day1, 0.02), { popup_id: popup.id });
  await event(ws, "c", "popup_closed", at(day1, 0.02), { popup_id: popup.id });
  await event(ws, "late", "popup_shown", at("2026-11-11T23:30:00Z"), { popup_id: popup.id });
  // Another workspace's rows under the same ids count for nothing here.
  const { workspace: stranger } = await freshWorkspace();
  await assignment(stranger.id, popup.id, "a", "holdout", at(day1));
  await event(stranger.id, "a", "popup_shown", at(day1), { popup_id: popup.id });

  return { workspace, owner, popup, other };
}

// Shown 2 of 4 = 0.5, holdout 1 of 4 = 0.25: difference 0.25.
// se = sqrt(0.5 * 0.5 / 4 + 0.25 * 0.75 / 4) = sqrt(0.109375) = 0.330719; x 1.959964 = 0.648197.
const BOOTS_ROW = (templateId: string) => ({
  template_id: templateId, template: "Boots", show_percent: 50,
  impressions: 5, viewers: 4, clicks: 2, closes: 1, click_rate: 0.4,
  shown_visitors: 4, shown_conversions: 2, holdout_visitors: 4, holdout_conversions: 1,
  lift: { shown_rate: 0.5, holdout_rate: 0.25, difference: 0.25, low: -0.3982, high: 0.8982, relative: 1 },
});

describe("the pop-up section of the owned-channel report", () => {
  it("counts impressions, clicks and conversions within 24 h per arm, and the lift against the holdout", async () => {
    const { workspace, popup, other } = await constructedStream();
    const ws = workspace.id;
    const rows = await popupReport(ws, "2026-11-10", "2026-11-11");
    expect(rows.map((r) => r.template)).toEqual(["Boots", "Idle"]);
    expect(rows[0]).toEqual(BOOTS_ROW(popup.id));
    expect(rows[1]).toMatchObject({ template_id: other.id, impressions: 0, click_rate: null, shown_visitors: 0, lift: { difference: null } });
  });
});

async function owned(slug: string, key: string, query: string) {
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${slug}/reports/owned?${query}`, { headers: { authorization: `Bearer ${key}` } });
  const response = await ownedReportRoute(request, { params: Promise.resolve({ slug }) });
  return { status: response.status, body: (await response.json()) as { popups?: unknown[]; error?: { fields?: Record<string, string> } } };
}

describe("the pop-up section in the owned-channel report API", () => {
  it("answers the page's figures under `popups`, follows the channel filter, and keeps to the workspace", async () => {
    const { workspace, owner, popup, other } = await constructedStream();
    const key = await apiKey(workspace.id, owner.id, "viewer");
    const range = "date_from=2026-11-10&date_to=2026-11-11";
    const all = await owned(workspace.slug, key, range);
    expect(all.status).toBe(200);
    expect(all.body.popups).toEqual(await popupReport(workspace.id, "2026-11-10", "2026-11-11"));
    expect(all.body.popups?.[0]).toEqual(BOOTS_ROW(popup.id));
    expect(all.body.popups?.[1]).toMatchObject({ template_id: other.id, impressions: 0 });
    expect((await owned(workspace.slug, key, `${range}&channel=web_popup`)).body.popups).toHaveLength(2);
    // Another channel's report, or one campaign's, has no pop-ups.
    expect((await owned(workspace.slug, key, `${range}&channel=email`)).body.popups).toEqual([]);
    expect((await owned(workspace.slug, key, `${range}&campaign=cmp1`)).body.popups).toEqual([]);
    // A day of the first range only: the show and the holdout on day 1 both fall in it.
    expect((await owned(workspace.slug, key, "date_from=2026-11-11&date_to=2026-11-11")).body.popups?.[0]).toMatchObject({ impressions: 0, shown_visitors: 0, holdout_visitors: 0 });
    const bad = await owned(workspace.slug, key, "date_from=2026-11-10&date_to=nope");
    expect(bad.status).toBe(400);
    expect(bad.body.error?.fields).toHaveProperty("date_to");
    // Another workspace's key reads nothing of this one.
    const { workspace: stranger, owner: strangerOwner } = await freshWorkspace();
    const strangerKey = await apiKey(stranger.id, strangerOwner.id, "viewer");
    expect((await owned(workspace.slug, strangerKey, range)).status).toBe(404);
    expect((await owned(stranger.slug, strangerKey, range)).body.popups).toEqual([]);
  });
});

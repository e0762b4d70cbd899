import { describe, expect, it, vi } from "vitest";
import { POST as track } from "@/app/api/v1/track/route";
import { GET as follow } from "@/app/l/[token]/route";
import { db } from "@/lib/db/client";
import { localDate } from "@/lib/time/zone";
import { runLocalJob } from "@/lib/jobs/local";
import { judgeOwnedClicksJob } from "@/lib/owned/attribution/jobs";
import { prepareMessages } from "@/lib/owned/links/prepare";
import { defineCampaigns } from "@/lib/owned/messages/campaigns";
import { recordSends } from "@/lib/owned/messages/sends";
import { ownedReport } from "@/lib/owned/report/report";
import { parseOwnedReportQuery } from "@/lib/owned/report/query";
import { drainWorkspace, trackingWorkspace, trackRequest } from "../tracking/support";
import { unique } from "../helpers";

// The whole path of a person's click: a prepared message's tracked link followed, the landing
// page's view posted to the event API as the snippet sends it (the click id in its context and
// in its page URL), the drain tying the click to the visitor, the hourly job judging it human,
// and the report counting the click and the open it implies. Machinery in between is the real one.

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
// The tests drain when they mean to.
vi.mock("@/lib/tracking/drain-request", () => ({ requestDrain: vi.fn() }));

const MIN = 60_000;
const ORIGIN = { origin: "https://shop.example.com" };

/** A workspace with a write key for shop.example.com, an email campaign, one prepared and sent message; returns its tracked link. */
async function sentMessage() {
  const tracked = await trackingWorkspace();
  const ws = tracked.workspace.id;
  await defineCampaigns(ws, { campaigns: [{ id: "weekly", kind: "campaign", channel: "email", name: "Weekly news", templates: [{ id: "issue-1", name: "Issue 1" }] }] });
  const sendId = unique("send");
  const prepared = await prepareMessages(ws, { campaign: "weekly", template: "issue-1", html: `<p><a href="https://shop.example.com/boots?color=red">Boots</a></p>`, sends: [sendId] });
  const token = /\/l\/([A-Za-z0-9_-]+)/.exec(prepared.messages[0]!.html!)![1]!;
  const sentAt = new Date(Date.now() - 10 * MIN);
  await recordSends(tracked.workspace, { sends: [{ id: sendId, campaign: "weekly", template: "issue-1", sent_at: sentAt.toISOString(), status: "delivered", email: "ann@example.com" }] });
  return { ...tracked, ws, token, sentAt };
}

/** Follows the tracked link as a mail reader's browser would; returns the landing URL and the click id in it. */
async function click(token: string) {
  const answer = await follow(new Request(`http://localhost/l/${token}`, { headers: { "user-agent": "Mozilla/5.0 (iPhone) Mobile Safari" } }), { params: Promise.resolve({ token }) });
  expect(answer.status).toBe(302);
  const landing = answer.headers.get("location")!;
  const clickId = new URL(landing).searchParams.get("sb_cid")!;
  expect(clickId).toMatch(/^[A-Za-z0-9_-]{16}$/);
  return { landing, clickId };
}

/** The landing page view as sb.js posts it: page URL as loaded, the click id in the context. */
async function landingView(writeKey: string, input: { anonymousId: string; landing: string; clickId: string; at: Date }) {
  const event = {
    event: "page_view", message_id: unique("m"), anonymous_id: input.anonymousId, timestamp: input.at.toISOString(), page_url: input.landing,
    context: { sb_cid: input.clickId, user_agent: "Mozilla/5.0 (iPhone) Mobile Safari", library: { name: "sb.js", version: "1.1.0" } },
  };
  const response = await track(trackRequest({ body: { write_key: writeKey, batch: [event] }, headers: ORIGIN }));
  expect(response.status).toBe(202);
}

const clicksOf = (workspaceId: string) => db.ownedClick.findMany({ where: { workspaceId }, select: { id: true, clickId: true, visitorId: true, human: true, at: true } });

async function reportOf(workspace: { id: string; timeZone: string }, sentAt: Date) {
  const day = localDate(sentAt, workspace.timeZone);
  return ownedReport(workspace.id, parseOwnedReportQuery(new URLSearchParams(`date_from=${day}&date_to=${day}`), day));
}

describe("a tracked click judged human end to end", () => {
  it("ties the click to the visitor whose landing page view carried its id, judges it human hourly, and counts the click and its open", async () => {
    const { workspace, writeKey, ws, token, sentAt } = await sentMessage();
    const { landing, clickId } = await click(token);
    const [stored] = await clicksOf(ws);
    expect(stored).toMatchObject({ clickId, visitorId: null, human: null });

    await landingView(writeKey.key, { anonymousId: "reader-1", landing, clickId, at: new Date(stored!.at.getTime() + 4_000) });
    await drainWorkspace(ws);
    expect((await clicksOf(ws))[0]).toMatchObject({ visitorId: "reader-1", human: null });
    // The event keeps the click id, so the link can be made again from the stored rows.
    const event = await db.trackedEvent.findFirstOrThrow({ where: { workspaceId: ws, anonymousId: "reader-1" } });
    expect((event.context as Record<string, unknown>).sb_cid).toBe(clickId);

    // Before the hourly job the click is undecided: neither a click nor an open in the report.
    expect((await reportOf(workspace, sentAt)).totals).toMatchObject({ sends: 1, delivered: 1, opens: 0, clicks: 0 });
    // The hourly job, half an hour and more after the click.
    const now = new Date(stored!.at.getTime() + 31 * MIN);
    expect(await runLocalJob(judgeOwnedClicksJob, { now: now.toISOString(), workspaceId: ws })).toBe("done");
    expect((await clicksOf(ws))[0]).toMatchObject({ visitorId: "reader-1", human: true });
    expect(await db.ownedOpen.count({ where: { workspaceId: ws, source: "human_click", clickId: stored!.id } })).toBe(1);
    const report = await reportOf(workspace, sentAt);
    expect(report.totals).toMatchObject({ sends: 1, delivered: 1, opens: 1, open_rate: 1, clicks: 1, click_rate: 1, machine_clicks: 0 });

    // The person's click is a touchpoint of its channel and campaign; the visit it opened is not a second one.
    const touches = await db.attributionTouchpoint.findMany({ where: { workspaceId: ws }, select: { sourceKind: true, anonymousId: true, channel: true, campaignId: true, paid: true } });
    const campaign = await db.ownedCampaign.findFirstOrThrow({ where: { workspaceId: ws, externalId: "weekly" } });
    expect(touches).toEqual([{ sourceKind: "owned_click", anonymousId: "reader-1", channel: "email", campaignId: `owned:${campaign.id}`, paid: false }]);
  });

  it("links a click the drain left unlinked when the hourly job judges it, and leaves a click without a visit not human", async () => {
    const { writeKey, ws, token } = await sentMessage();
    const person = await click(token);
    const scanner = await click(token);
    const [first] = (await clicksOf(ws)).filter((c) => c.clickId === person.clickId);
    await landingView(writeKey.key, { anonymousId: "reader-2", landing: person.landing, clickId: person.clickId, at: new Date(first!.at.getTime() + 3_000) });
    await drainWorkspace(ws);
    // As if the drain's consumer had never run.
    await db.ownedClick.updateMany({ where: { workspaceId: ws }, data: { visitorId: null } });

    const now = new Date(first!.at.getTime() + 40 * MIN);
    expect(await runLocalJob(judgeOwnedClicksJob, { now: now.toISOString(), workspaceId: ws })).toBe("done");
    const byId = new Map((await clicksOf(ws)).map((c) => [c.clickId, c]));
    expect(byId.get(person.clickId)).toMatchObject({ visitorId: "reader-2", human: true });
    expect(byId.get(scanner.clickId)).toMatchObject({ visitorId: null, human: false });
  });

  it("does not tie a click to an event outside its window, nor to another workspace's visitor", async () => {
    const { writeKey, ws, token } = await sentMessage();
    const { landing, clickId } = await click(token);
    const [stored] = await clicksOf(ws);
    // Another workspace's page carrying the same click id (a landing URL pasted elsewhere).
    const other = await trackingWorkspace();
    await landingView(other.writeKey.key, { anonymousId: "stranger", landing, clickId, at: new Date(stored!.at.getTime() + 2_000) });
    await drainWorkspace(other.workspace.id);
    // The landing URL shared onwards and opened 5:01 after the click.
    await landingView(writeKey.key, { anonymousId: "late-reader", landing, clickId, at: new Date(stored!.at.getTime() + 5 * MIN + 1_000) });
    await drainWorkspace(ws);
    expect((await clicksOf(ws))[0]).toMatchObject({ visitorId: null, human: null });
  });

  it("refuses a click id that is not one, naming the field", async () => {
    const { writeKey } = await sentMessage();
    const event = { event: "page_view", message_id: unique("m"), anonymous_id: "v", context: { sb_cid: "not a click id!" } };
    const response = await track(trackRequest({ body: { write_key: writeKey.key, batch: [event] }, headers: ORIGIN }));
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("batch.0.context.sb_cid");
  });
});

import { demoStoreOptions } from "@/lib/connectors/demo-ads/source";
import { createDemoStore, type DemoStore } from "@/lib/connectors/shopify/demo/generator";
import { db } from "@/lib/db/client";
import { getPool, utc } from "@/lib/db/pool";
import { DEMO_TRAFFIC_DAYS, sendDemoEvents } from "@/lib/tracking/demo/seed";
import type { DemoTrafficEvent } from "@/lib/tracking/demo/traffic";
import { sessioniseVisitors } from "@/lib/tracking/sessions/recompute";
import { campaignParamsOf } from "@/lib/tracking/shopify-pixel-map";
import { judgeUndecidedClicks } from "../attribution/attribute";
import { landingUrl } from "../links/follow";
import { recordBlocked } from "../messages/blocked";
import { defineCampaigns } from "../messages/campaigns";
import { recordSendEvents } from "../messages/send-events";
import { MAX_SENDS_PER_BATCH, storeSends } from "../messages/sends";
import { CUSTOMER_ID_BASE, planProgram, type TDemoCustomer, type TDemoPurchase, type TProgramPlan } from "./program-plan";

// Writes the demo store's email and SMS program (./program-plan.ts) into the demo workspace the
// way its data would arrive: campaigns, flows and sends through the messages API's own writers,
// opens and clicks as the pixel and redirect store them, the pages people landed on through the
// event API, and then the real human-click rule over it all. Conversions are not written here:
// attribution finds them when the demo store's orders arrive (the recompute after its backfill).

const DAY_MS = 86_400_000;
/** Customers who ordered in this many days before today make the mailing list. */
const LIST_DAYS = 120;
/** The list's size at most (the newest customers), so a large demo store stays quick to seed. */
const MAX_LIST = 1_500;
const SOURCE = "api";
const PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

function customersOf(store: DemoStore, from: Date, now: Date): { customers: TDemoCustomer[]; newCustomers: TDemoCustomer[] } {
  const roots = new Set<number>();
  const first = store.countBefore(now.getTime() - LIST_DAYS * DAY_MS);
  const end = store.countBefore(now.getTime());
  for (let i = first; i < end; i++) {
    const root = store.customerRoot(i);
    if (root !== null && !store.order(root).test) roots.add(root);
  }
  const all = [...roots].sort((a, b) => a - b).map((root) => ({ root, since: new Date(store.createdAt(root)) }));
  return { customers: all.slice(-MAX_LIST), newCustomers: all.filter((c) => c.since >= from && c.since < now) };
}

/** The demo's tracked purchases: each checkout_completed with its session's start and landing page. */
async function purchasesOf(workspaceId: string, from: Date, now: Date): Promise<TDemoPurchase[]> {
  // Sessions are cut after each drain, by whichever process drained; one still at it may not have
  // reached these visitors yet, so their sessions are cut here (the same code, idempotent).
  const unsessioned = await getPool().query<{ anonymous_id: string }>(
    `SELECT DISTINCT anonymous_id FROM tracked_events
     WHERE workspace_id = $1 AND event = 'checkout_completed' AND occurred_at BETWEEN $2::timestamp AND $3::timestamp AND session_id IS NULL`,
    [workspaceId, utc(from), utc(now)],
  );
  if (unsessioned.rows.length > 0) await sessioniseVisitors(workspaceId, unsessioned.rows.map((r) => r.anonymous_id));
  const { rows } = await getPool().query<{ order_id: string; customer_id: string | null; anonymous_id: string; started_at: Date; landing_page: string | null }>(
    `SELECT e.properties->>'order_id' AS order_id, e.properties->>'customer_id' AS customer_id, e.anonymous_id, s.started_at, s.landing_page
     FROM tracked_events e
     JOIN tracked_sessions s ON s.workspace_id = e.workspace_id AND s.id = e.session_id
     WHERE e.workspace_id = $1 AND e.event = 'checkout_completed' AND e.occurred_at BETWEEN $2::timestamp AND $3::timestamp
       AND e.properties->>'order_id' ~ '^[0-9]+$'
     ORDER BY e.occurred_at, e.message_id`,
    [workspaceId, utc(from), utc(now)],
  );
  return rows.map((r) => ({
    orderId: r.order_id,
    root: r.customer_id && /^\d+$/.test(r.customer_id) ? Number(r.customer_id) - CUSTOMER_ID_BASE : null,
    visitorId: r.anonymous_id,
    sessionStartedAt: r.started_at,
    landingPage: r.landing_page,
  }));
}

async function writeSends(workspace: { id: string; timeZone: string }, plan: TProgramPlan): Promise<Map<string, string>> {
  await defineCampaigns(workspace.id, { campaigns: plan.campaigns }, SOURCE);
  const sends = plan.sends.map((s) => ({
    id: s.id, campaign: s.campaign, template: s.template, sent_at: s.sentAt, status: s.status, provider_code: s.providerCode,
    customer_id: s.customerId ?? undefined, email: s.channel === "email" ? s.email : undefined, is_test: false, segments: s.segments,
  }));
  for (let i = 0; i < sends.length; i += MAX_SENDS_PER_BATCH) await storeSends(workspace, sends.slice(i, i + MAX_SENDS_PER_BATCH), SOURCE);
  const { rows } = await getPool().query<{ send_id: string; id: string }>(
    "SELECT send_id, id::text FROM owned_sends WHERE workspace_id = $1 AND source = $2 AND send_id = ANY($3::text[])",
    [workspace.id, SOURCE, plan.sends.map((s) => s.id)],
  );
  return new Map(rows.map((r) => [r.send_id, r.id]));
}

async function writeInteractions(workspaceId: string, plan: TProgramPlan, ids: Map<string, string>): Promise<void> {
  const opens = plan.opens.map((o) => ({ send_id: ids.get(o.sendId), at: utc(o.at), ip_prefix: o.ipPrefix, machine_reason: o.machine }));
  await getPool().query(
    `INSERT INTO owned_opens (workspace_id, send_id, at, source, ip_prefix, user_agent_class, machine, machine_reason)
     SELECT $1, o.send_id, o.at, 'pixel', o.ip_prefix, CASE WHEN o.ip_prefix IS NULL THEN 'browser' ELSE 'mail_proxy' END, o.machine_reason IS NOT NULL, o.machine_reason
     FROM json_to_recordset($2::json) AS o(send_id bigint, at timestamp, ip_prefix text, machine_reason text)`,
    [workspaceId, JSON.stringify(opens)],
  );
  const clicks = plan.clicks.map((c) => ({ send_id: ids.get(c.sendId), at: utc(c.at), url: c.url, click_id: c.clickId, visitor_id: c.visitorId, ip_prefix: c.ipPrefix, machine_reason: c.machine }));
  await getPool().query(
    `INSERT INTO owned_clicks (workspace_id, send_id, url, at, click_id, visitor_id, ip_prefix, user_agent_class, machine, machine_reason)
     SELECT $1, c.send_id, c.url, c.at, c.click_id, c.visitor_id, c.ip_prefix, CASE WHEN c.ip_prefix IS NULL THEN 'browser' ELSE 'bot' END, c.machine_reason IS NOT NULL, c.machine_reason
     FROM json_to_recordset($2::json) AS c(send_id bigint, at timestamp, url text, click_id text, visitor_id text, ip_prefix text, machine_reason text)
     ON CONFLICT (workspace_id, click_id) DO NOTHING`,
    [workspaceId, JSON.stringify(clicks)],
  );
  for (let i = 0; i < plan.unsubscribes.length; i += 1000) {
    const events = plan.unsubscribes.slice(i, i + 1000).map((u) => ({ send: u.sendId, kind: "unsubscribe", at: u.at.toISOString() }));
    await recordSendEvents(workspaceId, { events }, SOURCE, "link");
  }
  const blocked = plan.blocked.filter((b) => b.count > 0);
  for (let i = 0; i < blocked.length; i += 1000) await recordBlocked(workspaceId, { blocked: blocked.slice(i, i + 1000) }, SOURCE);
}

/** The pages people landed on from their clicks, with the UTM tags and click id the redirect adds. */
function landingEvents(plan: TProgramPlan): DemoTrafficEvent[] {
  const sendOf = new Map(plan.sends.map((s) => [s.id, s]));
  const clickOf = new Map(plan.clicks.map((c) => [c.clickId, c]));
  return plan.landings.map((landing) => {
    const send = sendOf.get(clickOf.get(landing.clickId)!.sendId)!;
    const campaign = plan.campaigns.find((c) => c.id === send.campaign)!;
    const template = campaign.templates.find((t) => t.id === send.template)!;
    const page = landingUrl({ url: landing.pageUrl, channel: send.channel, campaign: campaign.name, template: template.name }, landing.clickId);
    return {
      event: "page_view",
      message_id: `demo-owned-${landing.clickId}`,
      timestamp: landing.at.toISOString(),
      anonymous_id: landing.visitorId,
      page_url: page,
      properties: {},
      context: { ...campaignParamsOf(page), user_agent: PHONE_UA, screen: { width: 390, height: 844 }, locale: "en-US", source: "browser" },
    };
  });
}

/**
 * Seeds the demo workspace's owned-channel program over the tracked days (after the demo's
 * traffic: it reads the tracked purchases). Running it again changes nothing.
 */
export async function seedDemoOwnedProgram(workspaceId: string, { now = new Date() }: { now?: Date } = {}): Promise<{ sends: number; clicks: number; human: number }> {
  const seeded = await getPool().query("SELECT 1 FROM owned_sends WHERE workspace_id = $1 AND source = $2 AND send_id LIKE 'demo-%' LIMIT 1", [workspaceId, SOURCE]);
  if (seeded.rowCount) return { sends: 0, clicks: 0, human: 0 };
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { id: true, timeZone: true } });
  const options = await demoStoreOptions(workspaceId);
  const store = createDemoStore(options);
  const from = new Date(now.getTime() - DEMO_TRAFFIC_DAYS * DAY_MS);
  const plan = planProgram({
    seed: options.seed, now, timeZone: workspace.timeZone, from, ...customersOf(store, from, now), purchases: await purchasesOf(workspaceId, from, now),
  });
  const ids = await writeSends(workspace, plan);
  await writeInteractions(workspaceId, plan, ids);
  await sendDemoEvents(workspaceId, landingEvents(plan));
  // The human-click rule over the stored clicks and the pages their visitors viewed, as the hourly job runs it.
  let human = 0;
  for (let pass = 0; pass < 50; pass++) {
    const judged = await judgeUndecidedClicks(now, workspaceId);
    human += judged.human;
    if (judged.clicks === 0) break;
  }
  return { sends: plan.sends.length, clicks: plan.clicks.length, human };
}

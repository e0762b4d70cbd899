import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connectApiKeyProvider } from "@/lib/connections/api-key";
import { disconnect, getConnection } from "@/lib/connections/service";
import { createKlaviyoProvider } from "@/lib/connectors/klaviyo/provider";
import { openJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { seedOwnedCampaign, seedOwnedClick, seedOwnedSends } from "@/lib/owned/demo/factories";
import { parseOwnedReportQuery } from "@/lib/owned/report/query";
import { ownedReport } from "@/lib/owned/report/report";
import { EVENTS_CURSOR } from "@/lib/owned/sync/engine";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { executeRun } from "@/lib/sync/runner";
import { createRun, getRun } from "@/lib/sync/runs";
import type { SyncScope } from "@/lib/sync/scope";
import { expectAppError } from "../helpers";
import { GOOD_KEY, klaviyoHandlers, klaviyoScript, NEW_KEY, type KlaviyoScript } from "./klaviyo-api";

// A Klaviyo account connected by its private key and synced end to end through the owned-channel
// engine, against Klaviyo's API served by msw with the documented fixtures: the campaigns, flows and
// their messages, every engagement metric's events as sends, opens, clicks, unsubscribes and
// complaints tied to their sends, idempotent re-reads, and a key revoked half-way.

let script: KlaviyoScript = klaviyoScript();
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function serve(keys: string[] = [GOOD_KEY]) {
  script = klaviyoScript(keys);
  server.use(...klaviyoHandlers(script));
  return script;
}

// The fixtures' events fall in 2026-11-20..22; a run's range covers them.
const RANGE = { from: new Date("2026-11-19T00:00:00Z"), to: new Date("2026-11-23T00:00:00Z") };
const noWait = async () => {};

async function connect(timeZone = "Europe/Berlin") {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone });
  const { id } = await connectApiKeyProvider(workspace.id, "klaviyo", { apiKey: GOOD_KEY });
  return { workspace, scope: { workspaceId: workspace.id, connectionId: id } };
}

/** Works a run here, with the Klaviyo client's waits (Retry-After) recorded instead of slept. */
async function run(scope: SyncScope, kind: "backfill" | "restatement" | "incremental" = "restatement", sleeps: number[] = []) {
  const { id } = await createRun(scope, kind, kind === "incremental" ? {} : RANGE);
  const connection = await getConnection(scope);
  const ownedSource = await createKlaviyoProvider({ sleep: async (ms) => void sleeps.push(ms) }).source({
    ...scope, externalAccountId: connection.externalAccountId, credentials: openJson(connection.credentials),
  });
  const outcome = await executeRun(scope, id, { sleep: noWait, ownedSource });
  return { outcome, run: (await getRun(scope, id))! };
}

async function stored(workspaceId: string) {
  const where = { workspaceId };
  const [campaigns, templates, sends, opens, clicks, events, folders, totals] = await Promise.all([
    db.ownedCampaign.findMany({ where, orderBy: { name: "asc" }, select: { kind: true, channel: true, name: true, source: true, externalId: true, folderId: true } }),
    db.ownedTemplate.count({ where }),
    db.ownedSend.findMany({ where, orderBy: { sendId: "asc" }, select: { sendId: true, channel: true, status: true, providerCode: true, sentDay: true, recipientEmailHash: true, recipientPhoneHash: true } }),
    db.ownedOpen.count({ where }),
    db.ownedClick.findMany({ where, select: { url: true, clickId: true, human: true } }),
    db.ownedSendEvent.findMany({ where, orderBy: { kind: "asc" }, select: { kind: true, source: true } }),
    db.ownedFolder.findMany({ where, orderBy: { name: "asc" }, select: { name: true } }),
    db.ownedMessageTotal.findMany({ where, orderBy: { recipients: "desc" }, select: { channel: true, recipients: true, delivered: true, uniqueOpens: true, conversions: true, conversionValue: true, currency: true, periodFrom: true, periodTo: true } }),
  ]);
  return { campaigns, templates, sends, opens, clicks, events, folders, totals: totals.map((t) => ({ ...t, conversionValue: t.conversionValue.toFixed(2) })) };
}

describe("connecting Klaviyo", () => {
  it("checks the pasted key against Klaviyo, keeps it sealed, and takes the account's name, zone and currency", async () => {
    serve();
    const { scope } = await connect();
    const connection = await getConnection(scope);
    expect(connection).toMatchObject({ provider: "klaviyo", externalAccountId: "XyZ9Ab", displayName: "Northwind Coffee Co.", timeZone: "America/New_York", currency: "USD", status: "active" });
    expect(connection.credentials).not.toContain(GOOD_KEY);
    expect(openJson(connection.credentials)).toEqual({ mode: "private_key", apiKey: GOOD_KEY });
    expect(script.seen).toEqual(["GET /api/accounts", "GET /api/metrics"]);
  });

  it("refuses a malformed key and a key Klaviyo refuses with a message on the key field, storing nothing", async () => {
    serve();
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const malformed = await expectAppError(connectApiKeyProvider(workspace.id, "klaviyo", { apiKey: "XyZ9Ab" }), "bad_request");
    expect(malformed.fields?.apiKey).toMatch(/private API key.*pk_/);
    const missing = await expectAppError(connectApiKeyProvider(workspace.id, "klaviyo", {}), "bad_request");
    expect(missing.fields?.apiKey).toMatch(/Paste/);
    const refused = await expectAppError(connectApiKeyProvider(workspace.id, "klaviyo", { apiKey: NEW_KEY }), "bad_request");
    expect(refused.fields?.apiKey).toMatch(/refused the private API key \(HTTP 401\)/);
    expect(refused.message).not.toContain(NEW_KEY);
    const wrongProvider = await expectAppError(connectApiKeyProvider(workspace.id, "woocommerce", { apiKey: GOOD_KEY }), "bad_request");
    expect(wrongProvider.fields?.provider).toBeDefined();
    expect(await db.connection.count({ where: { workspaceId: workspace.id } })).toBe(0);
    // Only the refused key reached Klaviyo.
    expect(script.seen).toEqual(["GET /api/accounts"]);
  });

  it("refuses the same account twice while it is live", async () => {
    serve();
    const { workspace } = await connect();
    const error = await expectAppError(connectApiKeyProvider(workspace.id, "klaviyo", { apiKey: GOOD_KEY }), "conflict");
    expect(error.fields?.apiKey).toMatch(/already connected/);
  });
});

describe("a Klaviyo sync", () => {
  it("lands campaigns, flows and messages, and every event as a send or against its send", async () => {
    serve();
    // Days are the workspace's: in Tokyo, 15:01 UTC is already the next day.
    const { workspace, scope } = await connect("Asia/Tokyo");
    // The first events request is rate-limited: waited out for its Retry-After, not failed.
    script.throttleEvents = 1;
    const sleeps: number[] = [];
    const { outcome, run: finished } = await run(scope, "restatement", sleeps);
    expect(outcome).toBe("succeeded");
    expect(sleeps).toContain(1_000);

    const rows = await stored(workspace.id);
    expect(rows.campaigns.map((c) => [c.kind, c.channel, c.name, c.source])).toEqual([
      ["flow", "email", "Abandoned Cart", "klaviyo"],
      ["campaign", "email", "Black Friday Early Access", "klaviyo"],
      ["campaign", "sms", "Flash Sale SMS", "klaviyo"],
      ["campaign", "email", "Weekly Newsletter #47", "klaviyo"],
      ["flow", "email", "Welcome Series", "klaviyo"],
    ]);
    expect(rows.folders.map((f) => f.name)).toEqual(["Lifecycle", "Promotions"]);
    expect(rows.templates).toBe(7);
    expect(rows.sends.map((s) => [s.sendId, s.channel, s.status, s.providerCode, s.sentDay?.toISOString().slice(0, 10)])).toEqual([
      ["4vRpBT2fGZ1", "email", "delivered", null, "2026-11-21"],
      ["4vRpBT2fGZ2", "email", "delivered", null, "2026-11-21"],
      ["4vRpBT2fGZ3", "email", "delivered", null, "2026-11-22"],
      ["5aB1cD2eF31", "email", "failed", "klaviyo:Hard Bounce", "2026-11-21"],
      ["AsM1sR2cV91", "sms", "delivered", null, "2026-11-22"],
    ]);
    expect(rows.sends.every((s) => !JSON.stringify(s).includes("@example.com"))).toBe(true);
    expect(rows.sends.find((s) => s.sendId === "AsM1sR2cV91")).toMatchObject({ recipientEmailHash: null, recipientPhoneHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(rows.opens).toBe(2);
    expect(rows.clicks.map((c) => [c.clickId, c.url, c.human]).sort()).toEqual([
      ["klaviyo_7cL1cK2eD61", "https://northwind.example/black-friday?utm_source=klaviyo&utm_medium=email", null],
      ["klaviyo_BcL1kS2mS01", "https://northwind.example/flash", null],
    ]);
    expect(rows.events).toEqual([{ kind: "spam_complaint", source: "klaviyo" }, { kind: "unsubscribe", source: "klaviyo" }]);

    // The click lands on the send it was made from: the same message to the same person.
    const [click] = await db.$queryRaw<{ send_id: string }[]>`
      SELECT s.send_id FROM owned_clicks c JOIN owned_sends s ON s.workspace_id = c.workspace_id AND s.id = c.send_id
      WHERE c.workspace_id = ${workspace.id} AND c.click_id = 'klaviyo_7cL1cK2eD61'`;
    expect(click!.send_id).toBe("4vRpBT2fGZ1");

    // The deleted campaign's send is counted on the run, not stored; totals come from the values reports.
    expect(finished.checkpoint).toMatchObject({ phase: "done", skipped: { unknownMessage: 1 } });
    expect(script.seen.filter((s) => s.startsWith("POST"))).toEqual(["POST /api/campaign-values-reports", "POST /api/flow-values-reports"]);
    const lastYear = { periodFrom: new Date(RANGE.to.getTime() - 365 * 86_400_000), periodTo: RANGE.to };
    expect(rows.totals).toEqual([
      { channel: "email", recipients: 12480, delivered: 12311, uniqueOpens: 5210, conversions: 127, conversionValue: "6843.57", currency: "USD", ...lastYear },
      { channel: "sms", recipients: 2210, delivered: 2188, uniqueOpens: 0, conversions: 45, conversionValue: "1990.00", currency: "USD", ...lastYear },
      { channel: "email", recipients: 932, delivered: 925, uniqueOpens: 611, conversions: 41, conversionValue: "1820.40", currency: "USD", ...lastYear },
    ]);
    const mark = await db.syncCursor.findUnique({ where: { workspaceId_connectionId_resource: { ...scope, resource: EVENTS_CURSOR } } });
    expect(mark?.value).toEqual(RANGE.to);
    expect(await getConnection(scope)).toMatchObject({ status: "active", lastError: null });
  });

  it("reads the same window again without adding a row, and an incremental run skips the rate-limited reports", async () => {
    serve();
    const { workspace, scope } = await connect();
    await run(scope);
    const first = await stored(workspace.id);
    script.seen.length = 0;
    expect((await run(scope, "incremental")).outcome).toBe("succeeded");
    expect(await stored(workspace.id)).toEqual(first);
    expect(script.seen.some((s) => s.startsWith("POST"))).toBe(false);
    // An incremental run starts two hours before the last mark, so late events are read again.
    const since = script.seen.find((s) => s.includes("RcvEm1"))!;
    expect(decodeURIComponent(since)).toContain("greater-or-equal(datetime,2026-11-22T22:00:00+00:00)");
  });

  it("stops on a key revoked half-way: the connection needs a new key, committed pages stay whole, and a new key finishes the job", async () => {
    serve();
    const { workspace, scope } = await connect();
    script.revokeAtMetric = "OpnEm1";
    const failed = await run(scope);
    expect(failed.outcome).toBe("failed");
    expect(failed.run.errorCode).toBe("needs_reauth");
    const connection = await getConnection(scope);
    expect(connection).toMatchObject({ status: "needs_reauth", nextSyncAt: null });
    expect(connection.lastError).toMatch(/Paste a new private key/);
    // Sends were committed page by page; nothing of the refused page, and the mark did not move.
    const half = await stored(workspace.id);
    expect(half.sends).toHaveLength(5);
    expect(half.opens).toBe(0);
    expect(await db.syncCursor.count({ where: { ...scope, resource: EVENTS_CURSOR } })).toBe(0);

    // A new key for the same account replaces the old one on the same connection.
    script.keys.add(NEW_KEY);
    script.revokeAtMetric = null;
    const { id } = await connectApiKeyProvider(workspace.id, "klaviyo", { apiKey: NEW_KEY });
    expect(id).toBe(scope.connectionId);
    expect(openJson(( await getConnection(scope)).credentials)).toEqual({ mode: "private_key", apiKey: NEW_KEY });
    expect((await run(scope)).outcome).toBe("succeeded");
    const whole = await stored(workspace.id);
    expect(whole.sends).toHaveLength(5);
    expect(whole.opens).toBe(2);
    expect(whole.clicks).toHaveLength(2);
  });

  it("keeps each workspace's rows its own, even for the same Klaviyo account, and never syncs a connection under another workspace", async () => {
    serve();
    const a = await connect();
    const b = await connect("America/Los_Angeles");
    await run(a.scope);
    expect((await stored(b.workspace.id)).sends).toEqual([]);
    await run(b.scope);
    const [rowsA, rowsB] = [await stored(a.workspace.id), await stored(b.workspace.id)];
    expect(rowsB.sends.map((s) => s.sendId)).toEqual(rowsA.sends.map((s) => s.sendId));
    expect(await db.ownedSend.count({ where: { workspaceId: a.workspace.id, connectionId: b.scope.connectionId } })).toBe(0);
    // B's connection named under A's workspace is not found, and nothing is written.
    const before = await db.ownedSend.count();
    const crossed = { workspaceId: a.workspace.id, connectionId: b.scope.connectionId };
    await expect(createRun(crossed, "restatement", RANGE).then(({ id }) => executeRun(crossed, id, { sleep: noWait }))).resolves.toBe("failed");
    expect(await db.ownedSend.count()).toBe(before);
  });

  it("counts Dropped Email as blocked sends for a bad address, once however often it is read, never as sends", async () => {
    serve();
    const { workspace, scope } = await connect("Asia/Tokyo");
    await run(scope);
    await run(scope);
    expect((await run(scope, "incremental")).outcome).toBe("succeeded");
    const blocked = await db.$queryRaw<{ campaign: string; template: string; reason: string; day: string; count: number; source: string }[]>`
      SELECT c.name AS campaign, t.name AS template, b.reason, to_char(b.day, 'YYYY-MM-DD') AS day, b.count, b.source
      FROM owned_blocked_sends b
      JOIN owned_campaigns c ON c.workspace_id = b.workspace_id AND c.id = b.campaign_id
      JOIN owned_templates t ON t.workspace_id = b.workspace_id AND t.id = b.template_id
      WHERE b.workspace_id = ${workspace.id} ORDER BY 1`;
    // 15:00 UTC on 20 November is already the 21st in Tokyo.
    expect(blocked).toEqual([
      { campaign: "Black Friday Early Access", template: "Black Friday Early Access", reason: "bad_address", day: "2026-11-21", count: 2, source: "klaviyo" },
      { campaign: "Welcome Series", template: "Welcome 1", reason: "bad_address", day: "2026-11-21", count: 1, source: "klaviyo" },
    ]);
    // The dropped events are no sends: the five sends stay five.
    expect((await stored(workspace.id)).sends).toHaveLength(5);
    const report = await ownedReport(workspace.id, parseOwnedReportQuery(new URLSearchParams("date_from=2026-11-19&date_to=2026-11-23"), "2026-11-23"));
    expect(report.totals).toMatchObject({ sends: 5, blocked: 3, blocked_by_reason: { bad_address: 3 } });
    expect(report.rows.find((r) => r.campaign === "Black Friday Early Access")).toMatchObject({ blocked: 2, blocked_by_reason: { bad_address: 2 } });
  });

  it("deletes the connection's owned-channel rows when disconnected with its data, and nothing of other senders or workspaces", async () => {
    serve();
    const a = await connect();
    const b = await connect();
    await run(a.scope);
    await run(b.scope);
    const ws = a.workspace.id;
    // The same workspace's own sends through the API, clicked by a person.
    const own = await seedOwnedCampaign(ws, { name: "API newsletter", templates: ["Issue"] });
    const [apiSend] = await seedOwnedSends(ws, "UTC", [{ campaignId: own.campaign.id, templateId: own.templates[0]!.id, sentAt: new Date("2026-11-20T10:00:00Z") }]);
    await seedOwnedClick(ws, { sendId: apiSend!, at: new Date("2026-11-20T11:00:00Z"), visitorId: "v", human: true });
    const before = await stored(ws);
    expect(before.sends.length).toBeGreaterThan(0);
    expect(await db.ownedBlockedSend.count({ where: { workspaceId: ws, source: "klaviyo" } })).toBeGreaterThan(0);

    await disconnect(a.scope, { deleteData: false });
    expect((await stored(ws)).sends).toHaveLength(before.sends.length);
    await disconnect(a.scope, { deleteData: true });
    const after = await stored(ws);
    expect(after.campaigns.map((c) => c.name)).toEqual(["API newsletter"]);
    expect(after.sends).toHaveLength(1);
    expect(after.templates).toBe(1);
    expect([after.opens, after.clicks.length, after.events.length, after.totals.length]).toEqual([0, 1, 0, 0]);
    const where = { workspaceId: ws, source: "klaviyo" };
    expect([await db.ownedBlockedSend.count({ where }), await db.ownedBlockedEvent.count({ where }), await db.syncCursor.count({ where: a.scope })]).toEqual([0, 0, 0]);
    // The other workspace, connected to the same Klaviyo account, keeps all of its rows.
    expect((await stored(b.workspace.id)).sends).toHaveLength(5);
    expect(await db.ownedBlockedEvent.count({ where: { workspaceId: b.workspace.id } })).toBe(3);
  });
});

describe("the owned-channel report over a Klaviyo sync", () => {
  const report = (workspaceId: string, search: string) => ownedReport(workspaceId, parseOwnedReportQuery(new URLSearchParams(search), "2026-11-23"));

  it("shows no platform figures for messages whose sends arrived one by one: the values reports never count twice", async () => {
    serve();
    const { workspace, scope } = await connect("UTC");
    await run(scope);
    const shown = await report(workspace.id, "date_from=2026-11-19&date_to=2026-11-23");
    // Every message of the values reports has per-recipient sends in the period: only those count.
    expect(shown.platform_totals).toEqual([]);
    expect(shown.totals.sends).toBe(5);
    // Even for a range without its sends, a message's figures cover a period that has them.
    expect((await report(workspace.id, "date_from=2026-06-01&date_to=2026-06-30")).platform_totals).toEqual([]);
  });

  it("shows a message's own Klaviyo figures, marked apart, when its sends never arrived one by one, and never adds them in", async () => {
    const api = serve();
    // The account hands over no SMS events: the Flash Sale text is known by its values report alone.
    api.silentMetrics = new Set(["RcvSm1", "ClkSm1"]);
    const { workspace, scope } = await connect("UTC");
    await run(scope);
    const shown = await report(workspace.id, "date_from=2026-11-19&date_to=2026-11-23");
    const flash = await db.ownedCampaign.findFirstOrThrow({ where: { workspaceId: workspace.id, name: "Flash Sale SMS" }, select: { id: true } });
    expect(shown.platform_totals).toEqual([
      {
        source: "klaviyo", channel: "sms", campaign_id: flash.id, campaign: "Flash Sale SMS", kind: "campaign", template_id: expect.any(String), template: expect.any(String),
        period_from: new Date(RANGE.to.getTime() - 365 * 86_400_000).toISOString(), period_to: RANGE.to.toISOString(),
        recipients: 2210, delivered: 2188, failed: 22, delivery_rate: 0.9900, opens: 0, open_rate: 0, clicks: 301, click_rate: 0.1376,
        unsubscribes: 12, complaints: 0, conversions: 45, conversion_value: "1990.0000", currency: "USD",
      },
    ]);
    // Not in the rows, not in the totals: those are the sends stored one by one.
    expect(shown.rows.map((r) => r.campaign)).not.toContain("Flash Sale SMS");
    expect(shown.totals.sends).toBe(4);
    // The report's filters apply to them, and a range outside the figures' period shows none.
    expect((await report(workspace.id, "date_from=2026-11-19&date_to=2026-11-23&channel=email")).platform_totals).toEqual([]);
    expect((await report(workspace.id, `date_from=2026-11-19&date_to=2026-11-23&campaign=${flash.id}`)).platform_totals).toHaveLength(1);
    const folder = await db.ownedFolder.create({ data: { workspaceId: workspace.id, name: "Texts" } });
    expect((await report(workspace.id, `date_from=2026-11-19&date_to=2026-11-23&folder=${folder.id}`)).platform_totals).toEqual([]);
    await db.ownedCampaign.update({ where: { workspaceId_id: { workspaceId: workspace.id, id: flash.id } }, data: { folderId: folder.id } });
    expect((await report(workspace.id, `date_from=2026-11-19&date_to=2026-11-23&folder=${folder.id}`)).platform_totals).toHaveLength(1);
    expect((await report(workspace.id, "date_from=2025-01-01&date_to=2025-01-31")).platform_totals).toEqual([]);
    // Another workspace never sees them.
    const other = await connect("UTC");
    expect((await report(other.workspace.id, "date_from=2026-11-19&date_to=2026-11-23")).platform_totals).toEqual([]);
  });
});

import { beforeEach, describe, expect, it, vi } from "vitest";
import { evaluateWorkspaceAlerts } from "@/lib/alerts/evaluate";
import type { IntegrationCheck } from "@/lib/alerts/schema";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import type { NotificationMessage } from "@/lib/notifications/message";
import { upsertOrderBundles } from "@/lib/stores/ingest";
import { bundle } from "../sync/fake-source";
import { incidentsOf, utcWorkspace } from "./support";

const sent: NotificationMessage[] = [];
vi.mock("@/lib/notifications/send", () => ({
  sendNotification: vi.fn(async (_w: string, _d: string, message: NotificationMessage) => {
    sent.push(message);
    return { id: "d", status: "queued" };
  }),
}));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date("2026-11-03T12:00:00Z");

const metaCredentials = (lapse: Date) =>
  sealJson({ mode: "oauth", tokens: { accessToken: "EAAB-token", refreshToken: null, expiresAt: lapse.toISOString(), refreshExpiresAt: lapse.toISOString(), scopes: ["ads_read"] } });

async function connection(workspaceId: string, fields: Partial<{ provider: string; status: "active" | "error" | "needs_reauth"; lastSuccessAt: Date; credentials: string; displayName: string }>) {
  return db.connection.create({
    data: {
      workspaceId, provider: "meta_ads", externalAccountId: `act_${Math.random().toString(36).slice(2)}`, displayName: "Meta account",
      credentials: metaCredentials(new Date(NOW.getTime() + 40 * DAY)), createdAt: new Date(NOW.getTime() - 30 * DAY), ...fields,
    },
  });
}

const rule = (workspaceId: string, check: IntegrationCheck, hours: number | null = null) =>
  db.alertRule.create({ data: { workspaceId, name: `Watch ${check}`, kind: "integration", check, hours, destinationIds: ["dest"] } });

describe("integration alerts", () => {
  beforeEach(() => {
    sent.length = 0;
  });

  it("alerts once when a connection needs re-authorisation, and again when it is back", async () => {
    const { workspace } = await utcWorkspace();
    const broken = await connection(workspace.id, { status: "needs_reauth", displayName: "Broken account" });
    await connection(workspace.id, { status: "active" });
    const r = await rule(workspace.id, "needs_reauth");
    await evaluateWorkspaceAlerts(workspace.id, { ruleId: r.id }, NOW);
    await evaluateWorkspaceAlerts(workspace.id, { ruleId: r.id }, new Date(NOW.getTime() + HOUR));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.summary).toMatch(/^Broken account \(Meta Ads\): syncing has stopped/);
    expect(await incidentsOf(workspace.id)).toMatchObject([{ subject: broken.id, state: "open" }]);

    await db.connection.update({ where: { workspaceId_id: { workspaceId: workspace.id, id: broken.id } }, data: { status: "active" } });
    await evaluateWorkspaceAlerts(workspace.id, { ruleId: r.id }, new Date(NOW.getTime() + 2 * HOUR));
    expect(sent.map((m) => m.title.split(":")[0])).toEqual(["Alert", "Resolved"]);
  });

  it("alerts on syncs failing for N hours, not before", async () => {
    const { workspace } = await utcWorkspace();
    await connection(workspace.id, { status: "error", lastSuccessAt: new Date(NOW.getTime() - 5 * HOUR) });
    const r = await rule(workspace.id, "sync_failing", 6);
    await evaluateWorkspaceAlerts(workspace.id, { ruleId: r.id }, NOW);
    expect(sent).toHaveLength(0);
    await evaluateWorkspaceAlerts(workspace.id, { ruleId: r.id }, new Date(NOW.getTime() + HOUR));
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).toContain("failing for 6 hours");
  });

  it("alerts on a token lapsing within 7 days, read the way the expiry warnings read it", async () => {
    const { workspace } = await utcWorkspace();
    await connection(workspace.id, { credentials: metaCredentials(new Date(NOW.getTime() + 5 * DAY + HOUR)), displayName: "Lapsing" });
    await connection(workspace.id, { displayName: "Fine" });
    const r = await rule(workspace.id, "token_expiring");
    await evaluateWorkspaceAlerts(workspace.id, { ruleId: r.id }, NOW);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.summary).toMatch(/^Lapsing \(Meta Ads\): Meta access expires in 5 days/);
  });

  it("alerts on no orders for N hours only when the same hours usually have orders", async () => {
    const { workspace } = await utcWorkspace();
    const store = await connection(workspace.id, { provider: "shopify", displayName: "Shop", credentials: sealJson({}) });
    const scope = { workspaceId: workspace.id, connectionId: store.id };
    // Orders in the same three hours of each of the last four weeks, none in the last three hours.
    const past = [1, 2, 3, 4].map((w) => bundle(1000 + w, new Date(NOW.getTime() - w * 7 * DAY - HOUR)));
    await upsertOrderBundles(scope, past);
    const r = await rule(workspace.id, "no_orders", 3);
    await evaluateWorkspaceAlerts(workspace.id, { ruleId: r.id }, NOW);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).toContain("usually 1 order (median of the same 3 hours of the last 4 weeks)");

    // An order arrives: resolved.
    await upsertOrderBundles(scope, [bundle(2000, new Date(NOW.getTime() + 30 * 60_000))]);
    await evaluateWorkspaceAlerts(workspace.id, { ruleId: r.id }, new Date(NOW.getTime() + HOUR));
    expect(sent.map((m) => m.title.split(":")[0])).toEqual(["Alert", "Resolved"]);
  });

  it("stays quiet about no orders in hours that usually have none", async () => {
    const { workspace } = await utcWorkspace();
    const store = await connection(workspace.id, { provider: "shopify", displayName: "Shop", credentials: sealJson({}) });
    await upsertOrderBundles({ workspaceId: workspace.id, connectionId: store.id }, [bundle(1, new Date(NOW.getTime() - 7 * DAY - HOUR))]);
    const r = await rule(workspace.id, "no_orders", 3);
    await evaluateWorkspaceAlerts(workspace.id, { ruleId: r.id }, NOW);
    expect(sent).toHaveLength(0);
    expect(await incidentsOf(workspace.id)).toEqual([]);
  });
});

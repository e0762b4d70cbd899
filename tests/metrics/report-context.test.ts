import { afterEach, describe, expect, it } from "vitest";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { reportContextOf } from "@/lib/metrics/report/workspace";
import { FAILED_REBUILD_WARNING } from "@/lib/metrics/report/rebuild-notes";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { expectAppError, unique } from "../helpers";

// What a report reads about its workspace on every request, in one statement: the revision and
// settings, product groups, the newest rebuild, and freshness from the live connections.

const NOW = new Date("2026-03-10T15:00:00Z");
const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

async function connection(workspaceId: string, provider: string, fields: { lastSuccessAt?: Date; status?: "active" | "disconnected"; settings?: object } = {}) {
  await db.connection.create({
    data: {
      workspaceId, provider, externalAccountId: unique("acct"), displayName: provider, credentials: sealJson({}), scopes: [],
      lastSuccessAt: fields.lastSuccessAt ?? null, status: fields.status ?? "active", settings: fields.settings ?? {},
    },
  });
}

const rebuild = (workspaceId: string, status: "queued" | "running" | "succeeded" | "failed", queuedAt: string, daysDone = 0) =>
  db.rollupRebuild.create({
    data: { workspaceId, reason: "test", status, fromDay: new Date("2026-01-01"), toDay: new Date("2026-01-10"), daysTotal: 10, daysDone, queuedAt: new Date(queuedAt) },
  });

describe("reportContextOf", () => {
  it("reads freshness from the live connections: the latest sync, and the longest ad restatement window", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id, { timeZone: "Asia/Tokyo" });
    await connection(workspace.id, "shopify", { lastSuccessAt: new Date("2026-03-09T08:00:00Z"), settings: { restatementDays: 20 } });
    await connection(workspace.id, "google_ads", { lastSuccessAt: new Date("2026-03-10T01:02:03.456Z"), settings: { restatementDays: 7 } });
    await connection(workspace.id, "meta_ads", { settings: { restatementDays: "lots" } });
    await connection(workspace.id, "tiktok_ads", { lastSuccessAt: new Date("2026-03-10T09:00:00Z"), status: "disconnected", settings: { restatementDays: 28 } });
    // Read in a process whose own zone is far from UTC: instants must not shift with it.
    process.env.TZ = "Pacific/Kiritimati";

    const context = await reportContextOf(workspace.id, { now: NOW });
    // The store's window does not count, nor does the disconnected account; a bad setting means 3 days.
    // 2026-03-11 is today in Tokyo at NOW.
    expect(context.freshness).toEqual({ last_synced_at: "2026-03-10T01:02:03.456Z", restatable_from: "2026-03-04" });
    expect(context.workspace).toMatchObject({ id: workspace.id, timeZone: "Asia/Tokyo", currency: "USD", revision: "0", periodsReady: false });
  });

  it("has no freshness without connections, and product groups in their order", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    for (const [key, name, position] of [["b", "Bags", 1], ["a", "Accessories", 1], ["z", "Zips", 0]] as const) {
      await db.productGroup.create({ data: { workspaceId: workspace.id, key, name, position } });
    }
    const context = await reportContextOf(workspace.id, {});
    expect(context.freshness).toEqual({ last_synced_at: null, restatable_from: null });
    expect(context.groups).toEqual([{ key: "z", name: "Zips" }, { key: "a", name: "Accessories" }, { key: "b", name: "Bags" }]);
    expect(context.rebuild).toEqual({ rebuilding: false, rebuild_progress: null, warning: null });
  });

  it("follows the newest rebuild: under way with its progress, or failed", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    await rebuild(workspace.id, "failed", "2026-03-01T00:00:00Z");
    await rebuild(workspace.id, "running", "2026-03-02T00:00:00Z", 4);
    expect((await reportContextOf(workspace.id, {})).rebuild).toEqual({ rebuilding: true, rebuild_progress: { days_done: 4, days_total: 10 }, warning: null });
    await rebuild(workspace.id, "failed", "2026-03-03T00:00:00Z");
    expect((await reportContextOf(workspace.id, {})).rebuild).toEqual({ rebuilding: false, rebuild_progress: null, warning: FAILED_REBUILD_WARNING });
    await rebuild(workspace.id, "succeeded", "2026-03-04T00:00:00Z");
    expect((await reportContextOf(workspace.id, {})).rebuild.warning).toBeNull();
  });

  it("reads nothing of another workspace, and answers not_found for no workspace", async () => {
    const owner = await seedUser();
    const mine = await seedWorkspace(owner.id);
    const theirs = await seedWorkspace(owner.id);
    await connection(theirs.id, "google_ads", { lastSuccessAt: new Date("2026-03-10T01:00:00Z") });
    await db.productGroup.create({ data: { workspaceId: theirs.id, key: "x", name: "Theirs" } });
    await rebuild(theirs.id, "running", "2026-03-02T00:00:00Z");
    const context = await reportContextOf(mine.id, {});
    expect(context).toMatchObject({ groups: [], freshness: { last_synced_at: null, restatable_from: null }, rebuild: { rebuilding: false } });
    await expectAppError(reportContextOf(unique("nope"), {}), "not_found");
  });

  it("is read once per screen", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const cache = new Map<string, Promise<unknown>>();
    const first = reportContextOf(workspace.id, { cache });
    expect(reportContextOf(workspace.id, { cache })).toBe(first);
  });
});

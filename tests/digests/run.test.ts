import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { composeFigures } from "@/lib/digests/compose";
import { prepareRun, runDueDigests, sendDigestNow, WAIT_LIMIT_MS } from "@/lib/digests/run";
import { rangeFor } from "@/lib/digests/schedule";
import { createDigest, getDigest, updateDigest } from "@/lib/digests/service";
import { openJson } from "@/lib/crypto/secrets";
import type { MetricId } from "@/lib/metrics/definitions/registry";
import { formatMetric } from "@/lib/metrics/report/format";
import { runReport } from "@/lib/metrics/report/run";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { expectAppError } from "../helpers";
import { D1, D2, D3, setup } from "../metrics/store-fixture";
import { slackDestination } from "../notifications/support";

vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => undefined) }));

// Digests over the hand-built New York store of store-fixture.ts: D1..D3 are 9-11 January 2026.
// A 09:00 daily digest running on D3 reports D2.
const RUN_AT = new Date("2026-01-11T14:00:00Z"); // D3 09:00 in New York (UTC-5)
const BEFORE = new Date("2026-01-11T13:00:00Z");

async function digestWorkspace() {
  const workspaceId = await setup();
  await rebuildRollups(workspaceId, { fromDay: "2025-12-01", toDay: D3 });
  const destination = await slackDestination(workspaceId);
  return { workspaceId, destination };
}

const markSynced = (workspaceId: string, at: Date) => db.connection.updateMany({ where: { workspaceId }, data: { lastSuccessAt: at } });

describe("digest figures", () => {
  it("equal the report engine's for the day, the day before and the same weekday last week", async () => {
    const { workspaceId } = await digestWorkspace();
    const range = rangeFor("yesterday", RUN_AT, "America/New_York");
    expect(range).toMatchObject({ date_from: D2, date_to: D2 });
    const metrics = ["total_sales", "orders", "new_customers", "aov"] satisfies MetricId[];
    const figures = await composeFigures(workspaceId, range, [{ type: "kpis", metrics }, { type: "product_groups", limit: 5 }], [], { now: RUN_AT });
    const day = await runReport(workspaceId, { date_from: D2, date_to: D2, metrics }, { now: RUN_AT });
    const before = await runReport(workspaceId, { date_from: D1, date_to: D1, metrics }, { now: RUN_AT });
    const weekAgo = await runReport(workspaceId, { date_from: "2026-01-03", date_to: "2026-01-03", metrics }, { now: RUN_AT });
    for (const figure of figures.kpis) {
      expect(figure.value).toEqual(day.totals[figure.id]);
      expect(figure.previous).toEqual(before.totals[figure.id]);
      expect(figure.same_weekday).toEqual(weekAgo.totals[figure.id]);
    }
    // D2's gross sales 129.99 against D1's 97.50 (store-fixture's worked figures).
    expect(day.totals.orders).toBe(2);
    const groups = await runReport(workspaceId, { date_from: D2, date_to: D2, metrics: ["net_sales", "orders"], group_by: "product_group" }, { now: RUN_AT });
    expect(figures.productGroups).toEqual(groups.rows.filter((r) => r.values.orders !== 0).map(({ key, label, values }) => ({ key, label, values })));
  });

  it("renders each KPI as the report formats it, with its changes", async () => {
    const { workspaceId, destination } = await digestWorkspace();
    const digest = await createDigest(workspaceId, { userId: null }, {
      name: "Morning numbers", schedule: { kind: "daily", time: "09:00" }, destination_ids: [destination.id],
      sections: [{ type: "kpis", metrics: ["total_sales", "orders"] }],
    }, BEFORE);
    await markSynced(workspaceId, RUN_AT);
    const prepared = await prepareRun(digest, RUN_AT);
    const day = await runReport(workspaceId, { date_from: D2, date_to: D2, metrics: ["total_sales", "orders"] }, { now: RUN_AT });
    const [{ message }] = prepared.messages as unknown as [{ message: { sections: { rows: { label: string; value: string; change?: string }[] }[] } }];
    expect(message.sections[0]!.rows.map((r) => [r.label, r.value])).toEqual([
      ["Total sales", formatMetric(day.totals.total_sales, "money", "USD")],
      ["Orders", formatMetric(day.totals.orders, "count", "USD")],
    ]);
    expect(message.sections[0]!.rows[1]!.change).toMatch(/vs the day before$/);
    expect(prepared.stale).toEqual([]);
  });
});

describe("scheduled runs", () => {
  it("waits while the day's syncs are incomplete, then sends once they have covered the day", async () => {
    const { workspaceId, destination } = await digestWorkspace();
    const created = await createDigest(workspaceId, { userId: null }, { name: "Daily", schedule: { kind: "daily", time: "09:00" }, destination_ids: [destination.id] }, BEFORE);
    expect(created.nextRunAt.toISOString()).toBe(RUN_AT.toISOString());
    // The store last synced before D2 ended (midnight New York = 05:00 UTC on D3).
    await markSynced(workspaceId, new Date("2026-01-11T04:00:00Z"));

    expect(await runDueDigests(BEFORE, { workspaceId })).toEqual({ ran: 0, waiting: 0 });
    expect(await runDueDigests(RUN_AT, { workspaceId })).toEqual({ ran: 0, waiting: 1 });
    let row = await db.digest.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId, id: created.id } } });
    expect(row.attemptAfter.toISOString()).toBe("2026-01-11T14:15:00.000Z");
    expect(row.lastOutcome).toMatchObject({ status: "waiting", stale_sources: [expect.stringContaining("Shopify")] });
    expect(await db.notificationDelivery.count({ where: { workspaceId } })).toBe(0);

    await markSynced(workspaceId, new Date("2026-01-11T14:10:00Z"));
    const later = new Date("2026-01-11T14:15:00Z");
    expect(await runDueDigests(later, { workspaceId })).toEqual({ ran: 1, waiting: 0 });
    row = await db.digest.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId, id: created.id } } });
    expect(row.lastOutcome).toMatchObject({ status: "sent", stale_sources: [], range: { date_from: D2, date_to: D2 } });
    expect(row.nextRunAt.toISOString()).toBe("2026-01-12T14:00:00.000Z");
    const deliveries = await db.notificationDelivery.findMany({ where: { workspaceId } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ destinationId: destination.id, messageKind: "digest", refId: created.id });
    // Run again in the same window: nothing is due, nothing is sent twice.
    expect(await runDueDigests(later, { workspaceId })).toEqual({ ran: 0, waiting: 0 });
  });

  it("goes out after the wait limit, saying which sources were stale", async () => {
    const { workspaceId, destination } = await digestWorkspace();
    const created = await createDigest(workspaceId, { userId: null }, { name: "Daily", schedule: { kind: "daily", time: "09:00" }, destination_ids: [destination.id] }, BEFORE);
    const late = new Date(RUN_AT.getTime() + WAIT_LIMIT_MS);
    expect(await runDueDigests(late, { workspaceId })).toEqual({ ran: 1, waiting: 0 });
    const row = await db.digest.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId, id: created.id } } });
    expect(row.lastOutcome).toMatchObject({ status: "sent_stale" });
    const delivery = await db.notificationDelivery.findFirstOrThrow({ where: { workspaceId } });
    const message = openJson<{ summary: string; severity: string }>(delivery.payload);
    expect(message.severity).toBe("warning");
    expect(message.summary).toMatch(/^Incomplete data: Shopify \(.+\) had not synced since 10 Jan 2026 ended\.$/);
  });
});

describe("templates", () => {
  it("refuses unknown placeholders and metrics on save, naming the field", async () => {
    const { workspaceId, destination } = await digestWorkspace();
    const base = { name: "Daily", schedule: { kind: "daily", time: "09:00" }, destination_ids: [destination.id] };
    const title = await expectAppError(createDigest(workspaceId, { userId: null }, { ...base, template: { default: { title: "{{ordres}} orders" } } }), "bad_request");
    expect(title.fields).toEqual({ "template.default.title": expect.stringContaining("unknown placeholder {{ordres}}") });
    const condition = await expectAppError(
      createDigest(workspaceId, { userId: null }, { ...base, template: { default: { conditions: [{ metric: "revenu", op: "<", than: "baseline" }] } } }),
      "bad_request",
    );
    expect(condition.fields).toEqual({ "template.default.conditions.0.metric": 'metric: unknown metric "revenu".' });
    const kpi = await expectAppError(createDigest(workspaceId, { userId: null }, { ...base, sections: [{ type: "kpis", metrics: ["gmv"] }] }), "bad_request");
    expect(Object.keys(kpi.fields ?? {})).toEqual(["sections.0.metrics.0"]);
    const schedule = await expectAppError(createDigest(workspaceId, { userId: null }, { ...base, schedule: { kind: "cron", expression: "every day" } }), "bad_request");
    expect(Object.keys(schedule.fields ?? {})).toEqual(["schedule.expression"]);
    const stray = await expectAppError(createDigest(workspaceId, { userId: null }, { ...base, destination_ids: ["nope"] }), "bad_request");
    expect(stray.fields).toEqual({ destination_ids: 'destination_ids: no destination "nope" in this workspace.' });
  });

  it("fills placeholders and sends only when the conditions hold", async () => {
    const { workspaceId, destination } = await digestWorkspace();
    await markSynced(workspaceId, RUN_AT);
    // D2 has 2 orders; the same weekday a week earlier (3 January) none, the day before (D1) 2.
    const digest = await createDigest(workspaceId, { userId: null }, {
      name: "Dip watch", schedule: { kind: "daily", time: "09:00" }, destination_ids: [destination.id],
      sections: [{ type: "kpis", metrics: ["total_sales"] }],
      template: { default: { title: "{{orders}} orders on {{date}} ({{orders.change}})", conditions: [{ metric: "orders", op: "<", than: "baseline" }] } },
    }, BEFORE);
    const held = await sendDigestNow(digest, RUN_AT);
    expect(held.status).toBe("skipped");
    expect(held.deliveries).toEqual([{ destination_id: destination.id, delivery_id: null, status: "skipped", note: "orders 2 is not < baseline 0" }]);

    const changed = await updateDigest(workspaceId, digest.id, { userId: null }, { template: { default: { title: "{{orders}} orders on {{date}} ({{orders.change}})", conditions: [{ metric: "orders", op: "<=", than: "previous" }] } } }, RUN_AT);
    const sent = await sendDigestNow(changed, RUN_AT);
    expect(sent.deliveries[0]!.note).toBeNull();
    expect(sent.status).toBe("sent");
    const delivery = await db.notificationDelivery.findFirstOrThrow({ where: { workspaceId } });
    expect(openJson<{ title: string }>(delivery.payload).title).toBe("2 orders on 10 Jan 2026 (0%)");
    // "Send now" leaves the scheduled run where it was.
    expect((await getDigest(workspaceId, digest.id, { userId: null })).nextRunAt.toISOString()).toBe(RUN_AT.toISOString());
  });
});

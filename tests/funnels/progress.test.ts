import { describe, expect, it } from "vitest";
import { getPool } from "@/lib/db/pool";
import { DEFAULT_DEFINITION, type TFunnelDefinition } from "@/lib/funnels/definition";
import { progressKey, refreshStaleUnits, writeBuild } from "@/lib/funnels/progress";
import { progressReportStatement } from "@/lib/funnels/progress-sql";
import { runFunnelReport } from "@/lib/funnels/report";
import { createFunnel, updateFunnel } from "@/lib/funnels/service";
import { eraseCustomerTracking } from "@/lib/identity/erase";
import { localJobsSettled } from "@/lib/jobs/local";
import { applyRetention } from "@/lib/tracking/retention";
import { answer, definitions, sortRows, storeInDrains, storeUnsessioned, stream, workspace } from "./streams";
import { samePerson, storeStream } from "./support";

// A kept funnel's progress rows must answer exactly what the events statement answers, for any
// range of days, after being built and then kept through later drains, merges, unmerges,
// erasure and retention.

const TIME_ZONE = "America/New_York";

/** Ranges of local days and their bounds as the report computes them (New York, after the change to summer time). */
const RANGES = [
  ["2026-03-10", "2026-03-12"],
  ["2026-03-09", "2026-03-13"],
  ["2026-03-11", "2026-03-11"],
  ["2026-03-12", "2026-03-16"],
].map(([from, to]) => ({ days: { from: from!, to: to! }, bounds: { from: `${from} 04:00:00`, to: `${dayAfter(to!)} 04:00:00` } }));

function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

const kept = () => definitions().filter((d) => d.count_by === "visitor");

async function build(ws: string, definition: TFunnelDefinition): Promise<number> {
  const { rows } = await getPool().query<{ id: number }>(
    "INSERT INTO funnel_progress_builds (workspace_id, key, definition, time_zone) VALUES ($1, $2, $3, $4) RETURNING id",
    [ws, progressKey(definition), definition, TIME_ZONE],
  );
  await writeBuild(ws, rows[0]!.id);
  return rows[0]!.id;
}

async function fromProgress(ws: string, buildId: number, definition: TFunnelDefinition, days: { from: string; to: string }) {
  const { rows } = await getPool().query(progressReportStatement(ws, buildId, definition, days));
  return sortRows(rows);
}

async function progressRows(ws: string, buildId: number) {
  const { rows } = await getPool().query(
    `SELECT unit, to_char(day, 'YYYY-MM-DD') AS day, prev_day::text, prev_entry_day::text, next_entry_day::text, reached, seconds, dim
     FROM funnel_progress WHERE workspace_id = $1 AND build_id = $2 ORDER BY unit, day`,
    [ws, buildId],
  );
  return rows;
}

async function expectSameAnswers(ws: string, builds: Map<TFunnelDefinition, number>) {
  let deepest = 0;
  for (const [definition, buildId] of builds) {
    for (const { days, bounds } of RANGES) {
      const expected = await answer(ws, definition, "events", false, bounds);
      expect(await fromProgress(ws, buildId, definition, days), JSON.stringify({ definition, days })).toEqual(expected);
      const total = expected.find((row) => row.total);
      deepest = Math.max(deepest, ...definition.steps.map((_, i) => (total[`c${i + 1}`] > 0 ? i + 1 : 0)));
    }
  }
  expect(deepest).toBeGreaterThanOrEqual(3);
}

describe("funnel progress", () => {
  it.each([11, 23, 37])("answers as the events statement does, built after one drain and kept through the rest (seed %i)", async (seed) => {
    const ws = await workspace();
    const events = stream(seed, 60);
    await storeInDrains(ws, events, seed, [0]);
    const builds = new Map<TFunnelDefinition, number>();
    for (const definition of kept()) builds.set(definition, await build(ws, definition));
    // Later drains re-cut sessions; persons form and a browser leaves one; events wait unsessioned.
    await storeInDrains(ws, events, seed, [1, 2]);
    await samePerson(ws, `e:${seed}-a`, [`s${seed}-v0`, `s${seed}-v1`, `s${seed}-v2`]);
    await samePerson(ws, `e:${seed}-b`, [`s${seed}-v3`, `s${seed}-v4`]);
    await storeUnsessioned(ws, seed);
    expect(await refreshStaleUnits(ws)).toBeGreaterThan(0);
    await expectSameAnswers(ws, builds);

    await samePerson(ws, `e:${seed}-c`, [`s${seed}-v2`, `s${seed}-v4`]);
    await refreshStaleUnits(ws);
    await expectSameAnswers(ws, builds);
    // What was kept is what a build from scratch writes.
    for (const buildId of builds.values()) {
      const keptRows = await progressRows(ws, buildId);
      await writeBuild(ws, buildId);
      expect(await progressRows(ws, buildId)).toEqual(keptRows);
    }
  });

  it("erases a customer's rows with their tracking data", async () => {
    const ws = await workspace();
    await storeStream(ws, [
      { visitor: "gone", at: "2026-03-10T14:00:00Z", event: "page_view" },
      { visitor: "stays", at: "2026-03-10T15:00:00Z", event: "page_view" },
      { visitor: "stays", at: "2026-03-10T15:05:00Z", event: "product_viewed" },
      { visitor: "other", at: "2026-03-10T14:00:00Z", event: "page_view" },
    ]);
    await samePerson(ws, "e:gone", ["gone", "stays"]);
    const buildId = await build(ws, DEFAULT_DEFINITION);
    expect((await progressRows(ws, buildId)).map((r) => r.unit)).toEqual(["a:other", "p:e:gone"]);
    await eraseCustomerTracking(ws, "e:gone");
    expect((await progressRows(ws, buildId)).map((r) => r.unit)).toEqual(["a:other"]);
    await refreshStaleUnits(ws);
    expect((await progressRows(ws, buildId)).map((r) => r.unit)).toEqual(["a:other"]);
    const range = { from: "2026-03-10", to: "2026-03-10" };
    const expected = await answer(ws, DEFAULT_DEFINITION, "events", false, { from: "2026-03-10 04:00:00", to: "2026-03-11 04:00:00" });
    expect(await fromProgress(ws, buildId, DEFAULT_DEFINITION, range)).toEqual(expected);
  });

  it("drops the days retention cut into and reads earlier ranges from the events", async () => {
    const ws = await workspace();
    await getPool().query("INSERT INTO tracking_settings (workspace_id, retention_days) VALUES ($1, 30)", [ws]);
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    await storeStream(ws, [
      { visitor: "old", at: at(40), event: "page_view" },
      { visitor: "new", at: at(10), event: "page_view" },
      { visitor: "new", at: at(10 - 0.01), event: "product_viewed" },
    ]);
    await getPool().query("UPDATE workspaces SET time_zone = $2 WHERE id = $1", [ws, "UTC"]);
    const buildId = (await getPool().query<{ id: number }>(
      "INSERT INTO funnel_progress_builds (workspace_id, key, definition, time_zone) VALUES ($1, $2, $3, 'UTC') RETURNING id",
      [ws, progressKey(DEFAULT_DEFINITION), DEFAULT_DEFINITION],
    )).rows[0]!.id;
    await writeBuild(ws, buildId);
    expect(await progressRows(ws, buildId)).toHaveLength(2);
    await getPool().query("INSERT INTO tracked_event_ids (workspace_id, message_id, occurred_at) VALUES ($1, 'r-0', now())", [ws]);
    await applyRetention();
    expect((await progressRows(ws, buildId)).map((r) => r.unit)).toEqual(["a:new"]);

    const day = (daysAgo: number) => at(daysAgo).slice(0, 10);
    const recent = await runFunnelReport(ws, DEFAULT_DEFINITION, { date_from: day(20), date_to: day(0) });
    expect(recent.summary?.state).toBe("ready");
    expect(recent.total.steps.map((s) => s.count).slice(0, 2)).toEqual([1, 1]);
    const early = await runFunnelReport(ws, DEFAULT_DEFINITION, { date_from: day(45), date_to: day(0) });
    expect(early.summary?.state).toBe("before_kept_days");
    expect(early.total.steps[0]!.count).toBe(1);
  });

  it("builds the default and saved funnels by a job, reading the event times meanwhile, and drops a build no funnel keeps", async () => {
    const ws = await workspace();
    await storeStream(ws, [
      { visitor: "v1", at: "2026-03-10T14:00:00Z", event: "page_view" },
      { visitor: "v1", at: "2026-03-10T14:03:00Z", event: "product_viewed" },
      { visitor: "v2", at: "2026-03-11T14:00:00Z", event: "page_view" },
    ]);
    const range = { date_from: "2026-03-10", date_to: "2026-03-12" };
    const first = await runFunnelReport(ws, DEFAULT_DEFINITION, range);
    expect(first.summary?.state).toBe("building");
    await localJobsSettled();
    const second = await runFunnelReport(ws, DEFAULT_DEFINITION, range);
    expect(second.summary).toEqual({ state: "ready", done: 2, total: 2 });
    expect(second.total).toEqual(first.total);

    // An ad hoc funnel is not kept; a saved one is, until it is changed.
    const adHoc = { ...DEFAULT_DEFINITION, window_days: 3 };
    expect((await runFunnelReport(ws, adHoc, range)).summary).toBeNull();
    // Saving asks for the build at once.
    const saved = await createFunnel(ws, { name: "Three days", ...adHoc }, null);
    await localJobsSettled();
    expect((await runFunnelReport(ws, adHoc, range)).summary?.state).toBe("ready");
    await updateFunnel(ws, saved.id, { window_days: 4 });
    const { rows } = await getPool().query("SELECT key FROM funnel_progress_builds WHERE workspace_id = $1", [ws]);
    expect(rows.map((r) => r.key).sort()).toEqual([progressKey(DEFAULT_DEFINITION), progressKey({ ...adHoc, window_days: 4 })].sort());
    // Bots included, or counted per session: read from the event times.
    expect((await runFunnelReport(ws, DEFAULT_DEFINITION, range, { includeBots: true })).summary).toBeNull();
  });

  it("builds again in the workspace's new zone", async () => {
    const ws = await workspace();
    await storeStream(ws, [{ visitor: "v1", at: "2026-03-10T14:00:00Z", event: "page_view" }]);
    const range = { date_from: "2026-03-10", date_to: "2026-03-10" };
    await runFunnelReport(ws, DEFAULT_DEFINITION, range);
    await localJobsSettled();
    expect((await runFunnelReport(ws, DEFAULT_DEFINITION, range)).summary?.state).toBe("ready");
    await getPool().query("UPDATE workspaces SET time_zone = 'Asia/Tokyo' WHERE id = $1", [ws]);
    expect((await runFunnelReport(ws, DEFAULT_DEFINITION, range)).summary?.state).toBe("building");
    await localJobsSettled();
    const { rows } = await getPool().query("SELECT time_zone FROM funnel_progress_builds WHERE workspace_id = $1", [ws]);
    expect(rows).toEqual([{ time_zone: "Asia/Tokyo" }]);
  });
});

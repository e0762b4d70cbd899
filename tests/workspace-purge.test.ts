import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { connectDemoStore } from "@/lib/connections/service";
import { executeRun } from "@/lib/sync/runner";
import { createRun } from "@/lib/sync/runs";
import { changeMembersByHand } from "@/lib/tags/membership";
import { createTag } from "@/lib/tags/service";
import { deleteWorkspace } from "@/lib/workspaces/service";

// Signalboard's own tables, which no workspace owns. Deleting a workspace reaches every table with
// a workspace_id column (lib/workspaces/service.ts asks the catalog); a table holding a workspace's
// data without that column would be left behind, so a new table without it must be named here.
const GLOBAL_TABLES = [
  "_prisma_migrations",
  "embedded_online_tokens",
  "exchange_rates",
  "global_settings",
  "oauth_accounts",
  "operator_events",
  "outbox_attachments",
  "outbox_emails",
  "password_reset_tokens",
  "service_level_alerts",
  "service_level_minutes",
  "sign_in_failures",
  "stripe_event_receipts",
  "users",
  "workspaces",
];

describe("deleting a workspace", () => {
  it("reaches every table: each has a workspace_id column or is one of Signalboard's global tables", async () => {
    const unowned = await db.$queryRaw<{ name: string }[]>`
      SELECT c.relname AS name FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped)
      ORDER BY 1`;
    expect(unowned.map((t) => t.name).filter((name) => !GLOBAL_TABLES.includes(name)), "tables without workspace_id that are not global").toEqual([]);
  });

  it("leaves no row behind in any table keyed by workspace_id, and touches no other workspace", async () => {
    const owner = await seedUser();
    const doomed = await seedWorkspace(owner.id);
    const kept = await seedWorkspace(owner.id);
    for (const workspace of [doomed, kept]) {
      const { id } = await connectDemoStore(workspace.id, { orders: 150, seed: 11 });
      const run = await createRun({ workspaceId: workspace.id, connectionId: id }, "backfill");
      expect(await executeRun({ workspaceId: workspace.id, connectionId: id }, run.id, { sleep: async () => {} })).toBe("succeeded");
      const tag = await createTag(workspace.id, { name: "VIP" }, null);
      await changeMembersByHand(workspace.id, tag.id, { add: ["c:x:1"] });
    }
    const tables = (
      await db.$queryRaw<{ table_name: string }[]>`
        SELECT table_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name = 'workspace_id' AND table_name <> 'workspaces'`
    ).map((t) => t.table_name);
    const rowsOf = async (workspaceId: string) => {
      const counts: Record<string, number> = {};
      for (const table of tables) {
        const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}" WHERE workspace_id = $1`, workspaceId);
        counts[table] = Number(row!.n);
      }
      return counts;
    };
    const before = await rowsOf(doomed.id);
    expect(before.orders).toBeGreaterThan(100);
    expect(before.person_tag_history).toBe(1);
    const keptBefore = await rowsOf(kept.id);

    await deleteWorkspace(doomed, doomed.slug);

    const after = await rowsOf(doomed.id);
    expect(Object.values(after).every((n) => n === 0), JSON.stringify(after)).toBe(true);
    // The job ledger moves on its own while the sync's follow-up jobs run, so it is not compared.
    const withoutLedger = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([table]) => table !== "job_runs"));
    expect(withoutLedger(await rowsOf(kept.id))).toEqual(withoutLedger(keptBefore));
    // Two store backfills and three counts over every tenant table: more than the default 20 s on a busy 2-core runner.
  }, 90_000);
});

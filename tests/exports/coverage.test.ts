import { describe, expect, it } from "vitest";
import { exportTables, tenantTableNames } from "@/lib/exports/catalog";
import { EXCLUDED_TABLES, EXPORTED_TABLES, OMITTED_COLUMNS } from "@/lib/exports/tables";
import { db } from "@/lib/db/client";

// "The export contains every tenant table": a table with a workspace_id column is exported or
// excluded with a reason in lib/exports/tables.ts, so a new tenant table fails here until it is
// decided on. The workspace export test checks the exported ones' contents.

describe("the workspace export's coverage", () => {
  it("exports or excludes, with a reason, every tenant table, and names only tables that exist", async () => {
    const tenant = await tenantTableNames();
    expect(tenant.length).toBeGreaterThan(100);
    const undecided = tenant.filter((name) => !EXPORTED_TABLES.includes(name) && !Object.hasOwn(EXCLUDED_TABLES, name));
    expect(undecided, "tenant tables neither exported nor excluded in lib/exports/tables.ts").toEqual([]);
    expect(EXPORTED_TABLES.filter((name) => Object.hasOwn(EXCLUDED_TABLES, name)), "tables both exported and excluded").toEqual([]);
    const missing = [...EXPORTED_TABLES, ...Object.keys(EXCLUDED_TABLES)].filter((name) => !tenant.includes(name));
    expect(missing, "listed tables that are not tenant tables").toEqual([]);
    const exported = (await exportTables()).map((t) => t.name);
    expect([...exported].sort()).toEqual([...EXPORTED_TABLES].sort());
    for (const [name, reason] of Object.entries(EXCLUDED_TABLES)) expect(reason.length, name).toBeGreaterThan(10);
    expect(Object.keys(OMITTED_COLUMNS).filter((name) => !exported.includes(name)), "omitted columns of tables not exported").toEqual([]);
    // The facts, the rollups and the people are in it.
    expect(exported).toEqual(expect.arrayContaining(["orders", "order_line_items", "refunds", "customers", "ad_insights_daily", "tracked_events", "sales_daily", "ad_daily", "customer_profiles", "audit_events"]));
  });

  it("reads each exported table by a primary key that starts with workspace_id, and writes every column but the omitted ones", async () => {
    for (const table of await exportTables()) {
      expect(table.key[0]?.name, `${table.name}'s primary key`).toBe("workspace_id");
      const [row] = await db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table.name}`;
      expect(table.columns.length + table.omitted.length, table.name).toBe(Number(row!.n));
      for (const column of OMITTED_COLUMNS[table.name] ?? []) expect(table.omitted, table.name).toContain(column);
    }
  });
});

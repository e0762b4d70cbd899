// Keeps the schema and the hand-written SQL distributable by workspace_id (docs/distributed.md):
// the committed Citus layout is current, every tenant table's keys start with workspace_id, no
// foreign key crosses co-location, and no query names a tenant table without workspace_id.
import fs from "node:fs";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readCatalog, type TTable } from "@/deploy/citus/catalog";
import { LAYOUT_FILE } from "@/deploy/citus/generate-paths";
import { citusLayout, DISTRIBUTION_COLUMN, placementOf } from "@/deploy/citus/layout";
import { sqlLiterals, type TSqlLiteral } from "@/deploy/citus/sql-scan";
import { COORDINATOR_TABLES, EVENTS_TABLE, REFERENCE_TABLES } from "@/deploy/citus/tables";
import { COMPLIANCE_COVERAGE } from "@/lib/stores/compliance/coverage";
import { ALLOWED_TENANT_QUERIES, type TAllowedQuery } from "./tenant-queries";

let catalog: TTable[] = [];
let literals: TSqlLiteral[] = [];
const client = new Client({ connectionString: inject("databaseUrl") });
beforeAll(async () => {
  await client.connect();
  catalog = await readCatalog(client);
  literals = sqlLiterals("lib", new Set(catalog.map((t) => t.name)));
}, 60_000);
afterAll(() => client.end());

const distributed = () => new Set(catalog.filter((t) => placementOf(t) === "distributed").map((t) => t.name));

describe("the distributed layout", () => {
  it("places every table, and names only tables that exist", () => {
    expect(catalog.length).toBeGreaterThan(100);
    const unplaced = catalog.filter((t) => placementOf(t) === "unplaced").map((t) => t.name);
    expect(unplaced, "a table without a required workspace_id: name it in deploy/citus/tables.ts with why (docs/distributed.md)").toEqual([]);
    const names = new Set(catalog.map((t) => t.name));
    expect([...Object.keys(REFERENCE_TABLES), ...Object.keys(COORDINATOR_TABLES)].filter((n) => !names.has(n))).toEqual([]);
    // The same tables the privacy classification covers.
    expect([...names].filter((n) => !(n in COMPLIANCE_COVERAGE))).toEqual([]);
  });

  it("is committed as generated from the current schema (npm run db:citus-layout)", () => {
    expect(fs.readFileSync(LAYOUT_FILE, "utf8"), "the schema changed: run npm run db:citus-layout and commit deploy/citus/layout.sql").toBe(citusLayout(catalog));
  });

  it("distributes the events table, partitioned by month of occurred_at", () => {
    const events = catalog.find((t) => t.name === EVENTS_TABLE)!;
    expect(placementOf(events)).toBe("distributed");
    expect(events.partitionedBy).toBe("RANGE (occurred_at)");
    expect(fs.readFileSync(LAYOUT_FILE, "utf8")).toContain(`create_distributed_table('${EVENTS_TABLE}', 'workspace_id'`);
  });

  it("creates every table after the tables its foreign keys reference", () => {
    const layout = fs.readFileSync(LAYOUT_FILE, "utf8");
    const at = (name: string) => layout.indexOf(`('${name}'`);
    for (const table of catalog) for (const key of table.foreignKeys) expect(at(key.references), `${table.name} -> ${key.references}`).toBeLessThan(at(table.name));
  });
});

describe("tenant tables", () => {
  it("start their primary key and every unique key with workspace_id", () => {
    const wrong = catalog
      .filter((t) => placementOf(t) === "distributed")
      .flatMap((t) => [{ name: `${t.name} primary key`, columns: t.primaryKey }, ...t.uniqueKeys.map((k) => ({ name: `${t.name} ${k.name}`, columns: k.columns }))])
      .filter((key) => key.columns[0] !== DISTRIBUTION_COLUMN)
      .map((key) => `${key.name} (${key.columns.join(", ")})`);
    expect(wrong).toEqual([]);
  });

  it("have no foreign key Citus would refuse: to another tenant table without workspace_id, or to one from a global table", () => {
    const tenant = distributed();
    const refused = catalog.flatMap((table) =>
      table.foreignKeys
        .filter((key) => tenant.has(key.references))
        .filter((key) => !tenant.has(table.name) || key.columns.indexOf(DISTRIBUTION_COLUMN) !== key.referencedColumns.indexOf(DISTRIBUTION_COLUMN) || !key.columns.includes(DISTRIBUTION_COLUMN))
        .map((key) => `${table.name}.${key.name}`),
    );
    expect(refused).toEqual([]);
    // Every tenant table's key to a workspace points at workspaces.id, a reference table.
    for (const table of catalog.filter((t) => tenant.has(t.name))) {
      for (const key of table.foreignKeys.filter((k) => k.references === "workspaces")) expect(key.columns).toEqual([DISTRIBUTION_COLUMN]);
    }
  });
});

describe("hand-written SQL in lib/", () => {
  const matches = (entry: TAllowedQuery, literal: { file: string; text: string }) => literal.file === entry.file && literal.text.includes(entry.contains);

  it("names workspace_id wherever it reads or writes a tenant table, except the listed sweeps and built filters", () => {
    const tenant = distributed();
    expect(literals.length).toBeGreaterThan(300);
    const unscoped = literals.filter((l) => l.tables.some((t) => tenant.has(t)) && !l.text.includes(DISTRIBUTION_COLUMN));
    const unexplained = unscoped.filter((l) => !ALLOWED_TENANT_QUERIES.some((entry) => matches(entry, l)));
    expect(unexplained.map((l) => `${l.file}:${l.line} ${l.tables.join(", ")}: ${l.text.replace(/\s+/g, " ").slice(0, 160)}`)).toEqual([]);
    const stale = ALLOWED_TENANT_QUERIES.filter((entry) => !unscoped.some((l) => matches(entry, l)));
    expect(stale).toEqual([]);
  });

  it("joins tenant tables only through workspace_id (no cross-workspace join)", () => {
    const tenant = distributed();
    const crossing = literals.filter((l) => {
      const references = [...l.text.matchAll(/\b(?:FROM|JOIN)\s+"?([a-z_][a-z0-9_]*)"?/gi)].filter((m) => tenant.has(m[1]!.toLowerCase())).length;
      const scoped = l.text.match(/workspace_id/g)?.length ?? 0;
      return references > 1 && scoped < references && !ALLOWED_TENANT_QUERIES.some((entry) => matches(entry, l));
    });
    expect(crossing.map((l) => `${l.file}:${l.line} ${l.tables.join(", ")}: ${l.text.replace(/\s+/g, " ").slice(0, 200)}`)).toEqual([]);
  });

  it("the scan finds a tenant table named without workspace_id", () => {
    fs.mkdirSync("tests/deploy/.scan-fixture", { recursive: true });
    try {
      fs.writeFileSync("tests/deploy/.scan-fixture/q.ts", "export const q = (id: string) => ['SELECT * FROM orders WHERE id = $1', `UPDATE customers SET x = 1 WHERE ${id}`];\n");
      const found = sqlLiterals("tests/deploy/.scan-fixture", new Set(["orders", "customers"]));
      expect(found.map((l) => l.tables)).toEqual([["orders"], ["customers"]]);
      expect(found[1]!.text).toContain("${id}");
    } finally {
      fs.rmSync("tests/deploy/.scan-fixture", { recursive: true, force: true });
    }
  });
});

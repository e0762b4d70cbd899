import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { latestRollupRebuild } from "@/lib/metrics/rollups/rebuild-jobs";
import { localJobsSettled as localRebuildsSettled } from "@/lib/jobs/local";
import { deleteUnitCost, exportUnitCostsCsv, importUnitCostsCsv, listUnitCosts, setUnitCost, UnitCostCsvError } from "@/lib/metrics/settings/unit-costs";
import { expectAppError } from "../helpers";
import { workspaceWithHistory } from "./support";

afterEach(() => localRebuildsSettled());

async function storedCosts(workspaceId: string) {
  const rows = await db.$queryRaw<{ field: string; value: string; cost: string }[]>`
    SELECT field, value, unit_cost::text AS cost FROM unit_costs WHERE workspace_id = ${workspaceId} ORDER BY field, value`;
  return rows.map((r) => `${r.field}:${r.value}=${r.cost}`);
}

describe("unit costs", () => {
  it("sets, lists beside the store's cost, and deletes overrides, keeping exact decimals", async () => {
    const { workspace } = await workspaceWithHistory(-1);
    await db.productVariant.create({
      data: {
        workspaceId: workspace.id, connectionId: "shop", externalId: 1n, productId: 10n, title: "Default", sku: "AP-1",
        price: "99.00", unitCost: "31.1000", updatedAt: new Date(),
      },
    });
    await setUnitCost(workspace.id, { field: "sku", value: " ap-1 ", unitCost: "33.3333" });
    await setUnitCost(workspace.id, { field: "title", value: "Alpha Pro Ultimate Kit", unitCost: "0.1" });
    // 0.1 + 0.2 in floats is 0.30000000000000004; the column must hold exactly what was typed.
    await setUnitCost(workspace.id, { field: "title", value: "Cleaning Kit", unitCost: "1234567890123.0001" });
    expect(await storedCosts(workspace.id)).toEqual([
      "sku:ap-1=33.3333",
      "title:alpha pro ultimate kit=0.1000",
      "title:cleaning kit=1234567890123.0001",
    ]);
    const listed = await listUnitCosts(workspace.id);
    expect(listed.map((c) => [c.field, c.value, c.unitCost, c.storeUnitCost])).toEqual([
      ["sku", "ap-1", "33.3333", "31.10"],
      ["title", "alpha pro ultimate kit", "0.10", null],
      ["title", "cleaning kit", "1234567890123.0001", null],
    ]);

    await setUnitCost(workspace.id, { field: "sku", value: "AP-1", unitCost: "30" });
    expect((await storedCosts(workspace.id))[0]).toBe("sku:ap-1=30.0000");
    await deleteUnitCost(workspace.id, { field: "sku", value: "AP-1" });
    await expectAppError(deleteUnitCost(workspace.id, { field: "sku", value: "AP-1" }), "not_found");
    expect(await storedCosts(workspace.id)).toHaveLength(2);
  });

  it("refuses negative, over-precise or non-numeric costs, naming the field", async () => {
    const { workspace } = await workspaceWithHistory(-1);
    for (const unitCost of ["-1", "1.23456", "12,50", "1e3", ""]) {
      const error = await expectAppError(setUnitCost(workspace.id, { field: "sku", value: "X", unitCost }), "bad_request");
      expect(error.fields?.unitCost).toContain("at most 4 decimals");
    }
    expect((await expectAppError(setUnitCost(workspace.id, { field: "vendor", value: "X", unitCost: "1" }), "bad_request")).fields?.field).toBeDefined();
    expect(await storedCosts(workspace.id)).toEqual([]);
  });

  it("imports a CSV all at once, and exports it back", async () => {
    const { workspace } = await workspaceWithHistory(5);
    const result = await importUnitCostsCsv(workspace.id, "\uFEFFSKU,Unit_Cost\r\nAP-1,12.5\r\n\"WG,8\",0.0001\r\n\r\nCK-2,7\r\n");
    expect(result).toEqual({ field: "sku", applied: 3 });
    expect(await storedCosts(workspace.id)).toEqual(["sku:ap-1=12.5000", "sku:ck-2=7.0000", "sku:wg,8=0.0001"]);
    expect(await exportUnitCostsCsv(workspace.id, "sku")).toBe('sku,unit_cost\nap-1,12.50\nck-2,7.00\n"wg,8",0.0001\n');
    expect(await exportUnitCostsCsv(workspace.id, "title")).toBe("title,unit_cost\n");
    expect((await latestRollupRebuild(workspace.id))?.reason).toBe("Unit costs changed");
  });

  it("reports every bad row with its line number and applies nothing", async () => {
    const { workspace } = await workspaceWithHistory(-1);
    await setUnitCost(workspace.id, { field: "title", value: "Alpha", unitCost: "5" });
    const csv = ["title,unit_cost", "Alpha,6", "Charging Case,-2", "Travel Pouch,abc", ",3", "alpha,7", "Cleaning Kit,1,extra", "Ear Domes,2.5"].join("\n");
    const error = await expectAppError(importUnitCostsCsv(workspace.id, csv), "bad_request");
    expect(error).toBeInstanceOf(UnitCostCsvError);
    expect((error as UnitCostCsvError).rows.map((r) => [r.row, r.field])).toEqual([
      [3, "unit_cost"],
      [4, "unit_cost"],
      [5, "title"],
      [6, "title"],
      [7, ""],
    ]);
    expect(error.message).toContain("row 6: title: \"alpha\" is already on row 2");
    expect(error.fields?.file).toBe(error.message);
    // All or nothing: even the good rows (Alpha 6, Ear Domes) were not written.
    expect(await storedCosts(workspace.id)).toEqual(["title:alpha=5.0000"]);
  });

  it("refuses a file without the expected header, or with no rows", async () => {
    const { workspace } = await workspaceWithHistory(-1);
    for (const csv of ["product,cost\nA,1", "sku\nA", "", "sku,unit_cost\n"]) {
      const error = await expectAppError(importUnitCostsCsv(workspace.id, csv), "bad_request");
      expect(error.fields?.file).toBeDefined();
    }
  });

  it("keeps each workspace's overrides to itself", async () => {
    const mine = await workspaceWithHistory(-1);
    const theirs = await workspaceWithHistory(-1);
    await setUnitCost(theirs.workspace.id, { field: "sku", value: "AP-1", unitCost: "9" });
    expect(await listUnitCosts(mine.workspace.id)).toEqual([]);
    await expectAppError(deleteUnitCost(mine.workspace.id, { field: "sku", value: "AP-1" }), "not_found");
    expect(await exportUnitCostsCsv(mine.workspace.id, "sku")).toBe("sku,unit_cost\n");
    expect(await storedCosts(theirs.workspace.id)).toEqual(["sku:ap-1=9.0000"]);
  });
});

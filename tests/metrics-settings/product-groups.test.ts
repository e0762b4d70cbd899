import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { latestRollupRebuild } from "@/lib/metrics/rollups/rebuild-jobs";
import {
  createProductGroup, deleteProductGroup, getProductGroup, groupKeyFromName, listProductGroups, moveProductGroup,
  reorderProductGroups, updateProductGroup,
} from "@/lib/metrics/settings/product-groups";
import { productGroupOptions, previewProductGroup } from "@/lib/metrics/settings/group-options";
import { localJobsSettled as localRebuildsSettled } from "@/lib/jobs/local";
import { upsertOrderBundles } from "@/lib/stores/ingest";
import { expectAppError } from "../helpers";
import { bundle } from "../sync/fake-source";
import { workspaceWithHistory } from "./support";

afterEach(() => localRebuildsSettled());

const alphaPro = { name: "Alpha Pro", rules: [{ field: "title", value: "Alpha Pro" }, { field: "title", value: "Alpha Pro Ultimate Kit" }] };

describe("product groups", () => {
  it("creates, lists in order, updates and deletes; the key stays when renamed", async () => {
    const { workspace } = await workspaceWithHistory(-1);
    const created = await createProductGroup(workspace.id, alphaPro);
    expect(created).toMatchObject({ key: "alpha_pro", name: "Alpha Pro", position: 0 });
    expect(created.rules).toEqual(alphaPro.rules);
    const accessories = await createProductGroup(workspace.id, { name: "Accessories", rules: [{ field: "tag", value: "accessory" }] });
    expect(accessories.position).toBe(1);

    const renamed = await updateProductGroup(workspace.id, created.id, { name: "Alpha Pro Line", rules: [{ field: "sku", value: "AP-1" }] });
    expect(renamed).toMatchObject({ id: created.id, key: "alpha_pro", name: "Alpha Pro Line", rules: [{ field: "sku", value: "AP-1" }] });
    // A new group taking the old name gets a key of its own, never the renamed group's.
    const again = await createProductGroup(workspace.id, alphaPro);
    expect(again.key).toBe("alpha_pro_2");

    expect((await listProductGroups(workspace.id)).map((g) => g.name)).toEqual(["Alpha Pro Line", "Accessories", "Alpha Pro"]);
    await deleteProductGroup(workspace.id, accessories.id);
    await expectAppError(getProductGroup(workspace.id, accessories.id), "not_found");
    expect(await db.productGroup.count({ where: { workspaceId: workspace.id } })).toBe(2);
  });

  it("derives keys safe for metric ids", () => {
    expect(groupKeyFromName("  Éar Domes (12 pack)! ")).toBe("ear_domes_12_pack");
    expect(groupKeyFromName("日本")).toBe("group");
  });

  it("refuses a duplicate name, in any case, with 409 naming the field", async () => {
    const { workspace } = await workspaceWithHistory(-1);
    const first = await createProductGroup(workspace.id, alphaPro);
    const error = await expectAppError(createProductGroup(workspace.id, { ...alphaPro, name: "alpha PRO" }), "conflict");
    expect(error.status).toBe(409);
    expect(error.fields?.name).toContain("already exists");
    const other = await createProductGroup(workspace.id, { name: "Other", rules: [{ field: "title", value: "X" }] });
    await expectAppError(updateProductGroup(workspace.id, other.id, { name: "Alpha Pro", rules: other.rules }), "conflict");
    // Renaming a group to its own name (another case) is fine.
    expect((await updateProductGroup(workspace.id, first.id, { ...alphaPro, name: "ALPHA PRO" })).name).toBe("ALPHA PRO");
  });

  it("validates rules: at least one, at most 200, known fields, product ids as digits", async () => {
    const { workspace } = await workspaceWithHistory(-1);
    const noRules = await expectAppError(createProductGroup(workspace.id, { name: "Empty", rules: [] }), "bad_request");
    expect(noRules.fields?.rules).toBe("Add at least one rule.");
    const tooMany = Array.from({ length: 201 }, (_, i) => ({ field: "sku", value: `SKU-${i}` }));
    expect((await expectAppError(createProductGroup(workspace.id, { name: "Big", rules: tooMany }), "bad_request")).fields?.rules).toContain("200");
    const badField = await expectAppError(createProductGroup(workspace.id, { name: "Bad", rules: [{ field: "vendor", value: "Acme" }] }), "bad_request");
    expect(badField.fields?.["rules.0.field"]).toBeDefined();
    const badProduct = await expectAppError(
      createProductGroup(workspace.id, { name: "Bad", rules: [{ field: "title", value: "ok" }, { field: "product", value: "gid://shopify/Product/1" }] }),
      "bad_request",
    );
    expect(badProduct.fields?.["rules.1.value"]).toContain("digits");
    const noName = await expectAppError(createProductGroup(workspace.id, { name: "  ", rules: alphaPro.rules }), "bad_request");
    expect(noName.fields?.name).toBe("Enter a name.");
    expect(await db.productGroup.count({ where: { workspaceId: workspace.id } })).toBe(0);
    // Two spellings of one rule are kept once.
    const deduped = await createProductGroup(workspace.id, { name: "Dup", rules: [{ field: "title", value: "Alpha" }, { field: "title", value: "ALPHA" }] });
    expect(deduped.rules).toHaveLength(1);
  });

  it("reorders, and refuses a list that is not exactly the workspace's groups", async () => {
    const { workspace } = await workspaceWithHistory(-1);
    const a = await createProductGroup(workspace.id, { name: "A", rules: [{ field: "title", value: "a" }] });
    const b = await createProductGroup(workspace.id, { name: "B", rules: [{ field: "title", value: "b" }] });
    const c = await createProductGroup(workspace.id, { name: "C", rules: [{ field: "title", value: "c" }] });
    expect((await reorderProductGroups(workspace.id, { ids: [c.id, a.id, b.id] })).map((g) => g.name)).toEqual(["C", "A", "B"]);
    expect((await moveProductGroup(workspace.id, b.id, "up")).map((g) => g.name)).toEqual(["C", "B", "A"]);
    expect((await expectAppError(reorderProductGroups(workspace.id, { ids: [a.id, b.id] }), "bad_request")).fields?.ids).toBeDefined();
  });

  it("answers another workspace's group id with 404 and leaves it alone", async () => {
    const mine = await workspaceWithHistory(-1);
    const theirs = await workspaceWithHistory(-1);
    const group = await createProductGroup(theirs.workspace.id, alphaPro);
    await expectAppError(getProductGroup(mine.workspace.id, group.id), "not_found");
    await expectAppError(updateProductGroup(mine.workspace.id, group.id, { name: "Mine now", rules: alphaPro.rules }), "not_found");
    await expectAppError(deleteProductGroup(mine.workspace.id, group.id), "not_found");
    await expectAppError(reorderProductGroups(mine.workspace.id, { ids: [group.id] }), "not_found");
    expect(await getProductGroup(theirs.workspace.id, group.id)).toMatchObject({ name: "Alpha Pro" });
  });

  it("queues a rollup rebuild when a workspace with history changes its groups", async () => {
    const { workspace } = await workspaceWithHistory(20);
    await createProductGroup(workspace.id, alphaPro);
    const job = await latestRollupRebuild(workspace.id);
    expect(job).toMatchObject({ reason: "Product groups changed", daysTotal: 21 });
  });

  it("offers titles, SKUs, tags and products, and previews what rules match in the last 30 days", async () => {
    const { workspace } = await workspaceWithHistory(-1);
    const scope = { workspaceId: workspace.id, connectionId: "shop-test" };
    const recent = bundle(9101, new Date(Date.now() - 2 * 86_400_000));
    recent.lineItems[0] = { ...recent.lineItems[0]!, title: "Alpha Pro", sku: "AP-1", quantity: 3 };
    recent.lineItems[1] = { ...recent.lineItems[1]!, title: "Wax Guards (8 pack)", sku: "WG-8", productId: 555n, quantity: 2 };
    const old = bundle(9102, new Date(Date.now() - 60 * 86_400_000));
    old.lineItems[0] = { ...old.lineItems[0]!, title: "Alpha Pro", sku: "AP-1", quantity: 7 };
    await upsertOrderBundles(scope, [recent, old]);
    await db.product.create({
      data: { ...scope, externalId: 555n, title: "Wax Guards", tags: ["Accessory", "Care"], createdAt: new Date(), updatedAt: new Date() },
    });

    const options = await productGroupOptions(workspace.id);
    expect(options.titles).toEqual(expect.arrayContaining(["Alpha Pro", "Wax Guards (8 pack)"]));
    expect(options.skus).toEqual(expect.arrayContaining(["AP-1", "WG-8"]));
    expect(options.tags).toEqual(["Accessory", "Care"]);
    expect(options.products).toEqual([{ id: "555", title: "Wax Guards" }]);

    const preview = await previewProductGroup(workspace.id, { rules: [{ field: "sku", value: "ap-1" }, { field: "tag", value: "accessory" }] });
    expect(preview.lines).toEqual([
      { title: "Alpha Pro", units: 3 },
      { title: "Wax Guards (8 pack)", units: 2 },
    ]);
    const byProduct = await previewProductGroup(workspace.id, { rules: [{ field: "product", value: "555" }] });
    expect(byProduct.lines).toEqual([{ title: "Wax Guards (8 pack)", units: 2 }]);
    // Another workspace sees none of it.
    const other = await workspaceWithHistory(-1);
    expect((await previewProductGroup(other.workspace.id, { rules: [{ field: "sku", value: "AP-1" }] })).lines).toEqual([]);
    expect((await productGroupOptions(other.workspace.id)).titles).toEqual([]);
  });
});

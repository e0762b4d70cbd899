import { afterEach, describe, expect, it, vi } from "vitest";
import {
  addExclusionAction, deleteProductGroupAction, importUnitCostsAction, previewProductGroupAction, saveProductGroupAction,
  setRevenueBasisAction, setUnitCostAction,
} from "@/app/w/[slug]/settings/metrics/actions";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { createProductGroup, listProductGroups } from "@/lib/metrics/settings/product-groups";
import { latestRollupRebuild } from "@/lib/metrics/rollups/rebuild-jobs";
import { getMetricSettings } from "@/lib/metrics/settings/store";
import { localJobsSettled as localRebuildsSettled } from "@/lib/jobs/local";
import { listUnitCosts } from "@/lib/metrics/settings/unit-costs";
import { seedUser } from "@/lib/seed/factories";
import { updateWorkspace } from "@/lib/workspaces/service";
import { workspaceWithHistory } from "./support";

// The session is the only thing faked: each action runs the real workspace guard on it.
vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const signIn = (user: { id: string; email: string }) => vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });

function form(fields: Record<string, string | Blob>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

afterEach(() => localRebuildsSettled());

describe("metric settings actions", () => {
  it("let an admin change every setting, each queuing a rebuild", async () => {
    const { workspace, members } = await workspaceWithHistory(3);
    signIn(members.find((m) => m.role === "admin")!.user);
    const slug = workspace.slug;

    expect(await setRevenueBasisAction(null, form({ slug, revenueBasis: "order_date" }))).toMatchObject({ ok: true });
    expect((await getMetricSettings(workspace.id)).revenueBasis).toBe("order_date");
    expect((await latestRollupRebuild(workspace.id))?.reason).toContain("Revenue basis changed");

    expect(await addExclusionAction(null, form({ slug, field: "sku", value: "GIFT-WRAP" }))).toMatchObject({ ok: true });
    expect((await getMetricSettings(workspace.id)).excludedLineItems).toEqual([
      { field: "title", value: "Shipping Fee" },
      { field: "sku", value: "GIFT-WRAP" },
    ]);

    const rules = JSON.stringify([{ field: "title", value: "Alpha Pro" }]);
    expect(await saveProductGroupAction(null, form({ slug, name: "Alpha Pro", rules }))).toMatchObject({ ok: true });
    expect((await listProductGroups(workspace.id)).map((g) => g.key)).toEqual(["alpha_pro"]);

    const csv = new Blob(["sku,unit_cost\nAP-1,42.10\n"], { type: "text/csv" });
    expect(await importUnitCostsAction(null, form({ slug, file: csv }))).toMatchObject({ ok: true, message: expect.stringContaining("Imported 1 unit cost") });
    expect((await listUnitCosts(workspace.id)).map((c) => c.unitCost)).toEqual(["42.10"]);

    const preview = await previewProductGroupAction(form({ slug, rules }));
    expect(preview).toMatchObject({ ok: true, preview: { lines: [] } });
  });

  it("answer bad input with the field's message and change nothing", async () => {
    const { workspace, owner } = await workspaceWithHistory(-1);
    signIn(owner);
    const basis = await setRevenueBasisAction(null, form({ slug: workspace.slug, revenueBasis: "whenever" }));
    expect(basis).toMatchObject({ ok: false, fields: { revenueBasis: expect.any(String) } });
    const cost = await setUnitCostAction(null, form({ slug: workspace.slug, field: "sku", value: "A", unitCost: "-3" }));
    expect(cost?.fields?.unitCost).toContain("0 or more");
    const badRules = await saveProductGroupAction(null, form({ slug: workspace.slug, name: "X", rules: "{not json" }));
    expect(badRules?.fields?.rules).toBeDefined();
    expect((await getMetricSettings(workspace.id)).revenueBasis).toBe("transaction_date");
    expect(await db.unitCost.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("refuse members and viewers (403) and outsiders (404), changing nothing", async () => {
    const { workspace, members } = await workspaceWithHistory(-1);
    const group = await createProductGroup(workspace.id, { name: "Keep", rules: [{ field: "title", value: "Keep" }] });
    const outsider = await seedUser();
    for (const [user, expected] of [
      [members.find((m) => m.role === "member")!.user, "Your role does not allow this."],
      [members.find((m) => m.role === "viewer")!.user, "Your role does not allow this."],
      [outsider, "Workspace not found."],
    ] as const) {
      signIn(user);
      const results = [
        await setRevenueBasisAction(null, form({ slug: workspace.slug, revenueBasis: "order_date" })),
        await addExclusionAction(null, form({ slug: workspace.slug, field: "title", value: "Gift Card" })),
        await deleteProductGroupAction(null, form({ slug: workspace.slug, id: group.id })),
        await setUnitCostAction(null, form({ slug: workspace.slug, field: "sku", value: "A", unitCost: "1" })),
        await previewProductGroupAction(form({ slug: workspace.slug, rules: "[]" })),
      ];
      for (const result of results) expect(result).toMatchObject({ ok: false, error: expected });
    }
    expect(await getMetricSettings(workspace.id)).toMatchObject({ revenueBasis: "transaction_date", excludedLineItems: [{ field: "title", value: "Shipping Fee" }] });
    expect(await listProductGroups(workspace.id)).toHaveLength(1);
    expect(await db.unitCost.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("treat another workspace's product group id as not found", async () => {
    const mine = await workspaceWithHistory(-1);
    const theirs = await workspaceWithHistory(-1);
    const group = await createProductGroup(theirs.workspace.id, { name: "Theirs", rules: [{ field: "title", value: "T" }] });
    signIn(mine.owner);
    const rules = JSON.stringify([{ field: "title", value: "Mine" }]);
    expect(await saveProductGroupAction(null, form({ slug: mine.workspace.slug, id: group.id, name: "Mine", rules }))).toMatchObject({
      ok: false, error: "Product group not found.",
    });
    expect(await deleteProductGroupAction(null, form({ slug: mine.workspace.slug, id: group.id }))).toMatchObject({ ok: false, error: "Product group not found." });
    expect((await listProductGroups(theirs.workspace.id))[0]).toMatchObject({ name: "Theirs" });
  });

  it("queue a rebuild when the workspace's time zone changes, not on other edits", async () => {
    const { workspace } = await workspaceWithHistory(10);
    await updateWorkspace(workspace.id, { name: "Renamed" });
    expect(await latestRollupRebuild(workspace.id)).toBeNull();
    await updateWorkspace(workspace.id, { timeZone: "Europe/Berlin" });
    expect((await latestRollupRebuild(workspace.id))?.reason).toBe("Time zone changed");
  });
});

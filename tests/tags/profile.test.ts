import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { ruleBuilderOptions } from "@/lib/tags/builder-options";
import { changeMembersByHand } from "@/lib/tags/membership";
import { profileTags } from "@/lib/tags/profile";
import { createTag, deleteTag } from "@/lib/tags/service";
import { customerWorkspace } from "../customers/factory";

// What the customer profile and the tags page's rule builder read from lib/tags.

describe("a person's tags on the profile", () => {
  it("lists tags held first, each with its gains and losses newest first, and the manual tags still to give", async () => {
    const { workspace } = await customerWorkspace();
    const ws = workspace.id;
    const vip = await createTag(ws, { name: "VIP" }, null);
    const press = await createTag(ws, { name: "Press" }, null);
    const gone = await createTag(ws, { name: "Gone" }, null);
    const wholesale = await createTag(ws, { name: "Wholesale" }, null);
    const t = (day: number) => new Date(`2026-11-0${day}T10:00:00Z`);
    await changeMembersByHand(ws, press.id, { add: ["c:x:1"] }, t(1));
    await changeMembersByHand(ws, press.id, { remove: ["c:x:1"] }, t(2));
    await changeMembersByHand(ws, vip.id, { add: ["c:x:1"] }, t(3));
    await changeMembersByHand(ws, gone.id, { add: ["c:x:1"] }, t(4));
    await deleteTag(ws, gone.id, t(5));
    await changeMembersByHand(ws, wholesale.id, { add: ["c:x:2"] }, t(6));

    const mine = await profileTags(ws, "c:x:1");
    expect(mine.tags.map((tag) => [tag.name, tag.has, tag.kind, tag.history.map((h) => `${h.change} ${h.at.toISOString().slice(0, 10)} ${h.source}`)])).toEqual([
      ["VIP", true, "manual", ["added 2026-11-03 manual"]],
      ["Press", false, null, ["removed 2026-11-02 manual", "added 2026-11-01 manual"]],
      [null, false, null, ["removed 2026-11-05 manual", "added 2026-11-04 manual"]],
    ]);
    expect(mine.manualTags.map((m) => m.name)).toEqual(["Press", "Wholesale"]);

    // Another workspace sees none of it, not even for the same person key.
    const other = await customerWorkspace();
    expect(await profileTags(other.workspace.id, "c:x:1")).toEqual({ tags: [], manualTags: [] });
  });

  it("offers the rule builder each field with its operators and limits, and only groups a rule can use", async () => {
    const { workspace } = await customerWorkspace();
    await db.productGroup.create({ data: { workspaceId: workspace.id, key: "shoes", name: "Shoes", rules: [{ field: "title", value: "Shoes" }] } });
    await db.productGroup.create({ data: { workspaceId: workspace.id, key: "empty", name: "No rules yet", rules: [] } });
    const options = await ruleBuilderOptions(workspace.id);
    const byName = Object.fromEntries(options.fields.map((f) => [f.name, f]));
    expect(byName.orders).toMatchObject({ kind: "number", ops: ["gt", "gte", "lt", "lte", "eq", "between"], min: 0, integer: true });
    expect(byName.level).toMatchObject({ kind: "choice", values: ["high", "medium", "low"], ops: ["is", "is_not", "in", "not_in"] });
    expect(byName.country).toMatchObject({ kind: "choice", values: null, hint: expect.stringContaining("two-letter") });
    expect(byName.product_groups).toMatchObject({ kind: "groups", ops: ["any_of", "none_of"] });
    expect(options.groups).toEqual([{ key: "shoes", name: "Shoes" }]);
    // Plain data only: it crosses to the browser.
    expect(JSON.parse(JSON.stringify(options))).toEqual(options);
  });
});

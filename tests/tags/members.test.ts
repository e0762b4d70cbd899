import { describe, expect, it } from "vitest";
import { getPool } from "@/lib/db/pool";
import { registerTagChangeConsumer } from "@/lib/tags/after-change";
import { hasTag, personTagHistory, personTags, tagMembers } from "@/lib/tags/members";
import { changeMembersByHand } from "@/lib/tags/membership";
import { createTag, deleteTag } from "@/lib/tags/service";
import { customerWorkspace } from "../customers/factory";

// Membership by hand: what the other parts of the product read, the history, and the seam.

describe("tag membership", () => {
  it("adds and removes people with history, tells the after-change consumers, and pages members", async () => {
    const { workspace, owner } = await customerWorkspace();
    const ws = workspace.id;
    const vip = await createTag(ws, { name: "VIP" }, owner.id);
    const heard: { tagId: string; added: string[]; removed: string[] }[] = [];
    const unregister = registerTagChangeConsumer("test", async (workspaceId, tagId, added, removed) => {
      if (workspaceId === ws) heard.push({ tagId, added, removed });
    });
    try {
      const t1 = new Date("2026-11-01T10:00:00Z");
      const keys = ["c:x:3", "c:x:1", "c:x:2"];
      expect(await changeMembersByHand(ws, vip.id, { add: keys }, t1)).toEqual({ added: ["c:x:1", "c:x:2", "c:x:3"], removed: [] });
      // Adding again changes nothing and records nothing.
      expect(await changeMembersByHand(ws, vip.id, { add: ["c:x:1"] }, t1)).toEqual({ added: [], removed: [] });
      const t2 = new Date("2026-11-02T10:00:00Z");
      expect(await changeMembersByHand(ws, vip.id, { remove: ["c:x:2", "c:x:9"] }, t2)).toEqual({ added: [], removed: ["c:x:2"] });

      expect([...(await hasTag(ws, vip.id, ["c:x:1", "c:x:2", "c:x:3"]))].sort()).toEqual(["c:x:1", "c:x:3"]);
      const tags = await personTags(ws, "c:x:1");
      expect(tags).toEqual([{ tagId: vip.id, name: "VIP", kind: "manual", since: t1, source: "manual" }]);
      const history = await personTagHistory(ws, "c:x:2");
      expect(history.map((h) => [h.change, h.at.toISOString(), h.name])).toEqual([
        ["removed", t2.toISOString(), "VIP"],
        ["added", t1.toISOString(), "VIP"],
      ]);
      const first = await tagMembers(ws, vip.id, { limit: 1 });
      expect(first.members.map((m) => m.personKey)).toEqual(["c:x:1"]);
      const second = await tagMembers(ws, vip.id, { limit: 1, cursor: first.nextCursor });
      expect(second).toMatchObject({ members: [{ personKey: "c:x:3", source: "manual" }], nextCursor: null });
      expect(heard).toEqual([
        { tagId: vip.id, added: ["c:x:1", "c:x:2", "c:x:3"], removed: [] },
        { tagId: vip.id, added: [], removed: ["c:x:2"] },
      ]);

      // Deleting the tag: its members leave, recorded; the history stays without the name.
      await deleteTag(ws, vip.id, new Date("2026-11-03T10:00:00Z"));
      expect(heard.at(-1)).toEqual({ tagId: vip.id, added: [], removed: ["c:x:1", "c:x:3"] });
      expect(await personTags(ws, "c:x:1")).toEqual([]);
      expect((await personTagHistory(ws, "c:x:1")).map((h) => [h.change, h.name])).toEqual([["removed", null], ["added", null]]);
    } finally {
      unregister();
    }
  });

  it("keeps each workspace's tags to itself", async () => {
    const a = await customerWorkspace();
    const b = await customerWorkspace();
    const tag = await createTag(a.workspace.id, { name: "Mine" }, null);
    await changeMembersByHand(a.workspace.id, tag.id, { add: ["c:x:1"] });
    expect(await hasTag(b.workspace.id, tag.id, ["c:x:1"])).toEqual(new Set());
    expect((await tagMembers(b.workspace.id, tag.id)).members).toEqual([]);
    expect(await personTags(b.workspace.id, "c:x:1")).toEqual([]);
    const { rows } = await getPool().query("SELECT count(*)::int AS n FROM person_tags WHERE workspace_id = $1", [b.workspace.id]);
    expect(rows[0].n).toBe(0);
  });
});

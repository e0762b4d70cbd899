import { afterEach, describe, expect, it } from "vitest";
import { keyedHash } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { linkIdentities } from "@/lib/identity/link";
import { listMerges, undoMerge } from "@/lib/identity/merge-admin";
import { registerTagChangeConsumer } from "@/lib/tags/after-change";
import { personTagHistory } from "@/lib/tags/members";
import { changeMembersByHand } from "@/lib/tags/membership";
import { unique } from "../helpers";
import { ev, identityStore } from "../identity/support";

// Manual tags follow an identity merge: Bob the store customer without an email (c:<shop>:502)
// is merged into bob@example.com's key when his checkout shows that email.

const tagsOf = async (workspaceId: string, personKey: string) =>
  (await getPool().query<{ name: string; source: string }>(
    "SELECT t.name, pt.source FROM person_tags pt JOIN tags t ON t.workspace_id = pt.workspace_id AND t.id = pt.tag_id WHERE pt.workspace_id = $1 AND pt.person_key = $2 ORDER BY 1",
    [workspaceId, personKey],
  )).rows.map((r) => `${r.name}:${r.source}`);

let stop: (() => void) | null = null;
afterEach(() => stop?.());

describe("manual tags and identity merges", () => {
  it("moves the merged key's manual tags to the survivor with history, leaves rule tags to the rules, and keeps them on undo", async () => {
    const { workspace, bob } = await identityStore();
    const ws = workspace.id;
    const bobEmail = `e:${keyedHash("bob@example.com")}`;
    const tag = (name: string, kind = "manual") => db.tag.create({ data: { workspaceId: ws, name, kind }, select: { id: true } });
    const [vip, both, ruled] = [await tag("VIP"), await tag("Both"), await tag("Ruled", "rule")];
    const since = new Date("2026-11-01T09:00:00Z");
    await changeMembersByHand(ws, vip.id, { add: [bob] }, since);
    await changeMembersByHand(ws, both.id, { add: [bob, bobEmail] }, since);
    await getPool().query("INSERT INTO person_tags (workspace_id, tag_id, person_key, since, source) VALUES ($1, $2, $3, now(), 'rule')", [ws, ruled.id, bob]);
    const heard: { tagId: string; added: string[]; removed: string[] }[] = [];
    stop = registerTagChangeConsumer(unique("merge-test"), async (_w, tagId, added, removed) => void heard.push({ tagId, added, removed }));

    await linkIdentities(ws, [ev(unique("cid"), "identify", { properties: { email: "bob@example.com" } })]);
    await linkIdentities(ws, [ev(unique("cid"), "checkout_completed", { properties: { order_id: "9002", email: "Bob@Example.com" } })]);
    const [merge] = (await listMerges(ws)).merges;
    expect(merge).toMatchObject({ reason: "email_hash", undone_at: null });

    expect(await tagsOf(ws, bobEmail)).toEqual(["Both:manual", "VIP:manual"]);
    expect(await tagsOf(ws, bob)).toEqual(["Ruled:rule"]);
    // The survivor keeps the earliest date it was tagged.
    const moved = await db.personTag.findUniqueOrThrow({ where: { workspaceId_tagId_personKey: { workspaceId: ws, tagId: vip.id, personKey: bobEmail } } });
    expect(moved.since.toISOString()).toBe(since.toISOString());
    const history = async (key: string) => (await personTagHistory(ws, key)).map((h) => [h.tagId, h.change, h.source]);
    expect(await history(bob)).toEqual(expect.arrayContaining([[vip.id, "removed", "manual"], [both.id, "removed", "manual"]]));
    expect((await history(bobEmail)).filter(([, change]) => change === "added")).toEqual(expect.arrayContaining([[vip.id, "added", "manual"], [both.id, "added", "manual"]]));
    expect((await history(bobEmail)).filter(([id]) => id === both.id)).toHaveLength(1);
    // The tags' consumers (audience sizes, webhooks, list syncs) heard of it once committed.
    expect(heard.sort((a, b) => a.tagId.localeCompare(b.tagId))).toEqual(
      [{ tagId: vip.id, added: [bobEmail], removed: [bob] }, { tagId: both.id, added: [], removed: [bob] }].sort((a, b) => a.tagId.localeCompare(b.tagId)),
    );

    await undoMerge(ws, merge!.id, "user:someone");
    expect(await tagsOf(ws, bobEmail)).toEqual(["Both:manual", "VIP:manual"]);
  });
});

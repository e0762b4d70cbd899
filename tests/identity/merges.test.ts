import { describe, expect, it } from "vitest";
import { keyedHash } from "@/lib/crypto/secrets";
import { customerIdOf } from "@/lib/customers/customer-id";
import { linkIdentities } from "@/lib/identity/link";
import { listMerges, undoMerge } from "@/lib/identity/merge-admin";
import { visitorStatus } from "@/lib/identity/status";
import { expectAppError, unique } from "../helpers";
import { ANN, ev, identityStore } from "./support";

const person = async (workspaceId: string, anonymousId: string) => (await visitorStatus(workspaceId, anonymousId)).personKey;

describe("merging persons", () => {
  it("merges two emails seen with one member id, and undoing restores both", async () => {
    const { workspace, ann } = await identityStore();
    const work = `e:${keyedHash("ann@work.example")}`;
    const [phone, laptop, office] = [unique("cid"), unique("cid"), unique("cid")];
    await linkIdentities(workspace.id, [ev(office, "identify", { properties: { email: "ann@work.example" } })]);
    await linkIdentities(workspace.id, [ev(phone, "identify", { userId: "member-9", properties: { email: ANN } })]);
    expect(await person(workspace.id, office)).toBe(work);
    await linkIdentities(workspace.id, [ev(laptop, "identify", { userId: "member-9", properties: { email: "ann@work.example" } })]);

    const survivor = ann < work ? ann : work;
    const merged = survivor === ann ? work : ann;
    const { merges } = await listMerges(workspace.id);
    expect(merges).toEqual([
      expect.objectContaining({
        customer_id: customerIdOf(survivor), merged_customer_id: customerIdOf(merged), reason: "member_id",
        evidence: `member:${keyedHash("member-9")}`, undone_at: null,
      }),
    ]);
    for (const v of [phone, laptop, office]) expect(await person(workspace.id, v)).toBe(survivor);

    const undone = await undoMerge(workspace.id, merges[0]!.id, "user:someone");
    expect(undone).toMatchObject({ undone_by: "user:someone" });
    expect(undone.undone_at).not.toBeNull();
    expect(await person(workspace.id, phone)).toBe(ann);
    expect(await person(workspace.id, office)).toBe(work);
    expect(await person(workspace.id, laptop)).toBe(work);

    // The same evidence seen again does not merge them back.
    await linkIdentities(workspace.id, [ev(phone, "identify", { userId: "member-9", properties: { email: ANN } })]);
    expect((await listMerges(workspace.id)).merges).toHaveLength(1);
    expect(await person(workspace.id, office)).toBe(work);
    await expectAppError(undoMerge(workspace.id, merges[0]!.id, "user:someone"), "conflict");
  });

  it("merges a store customer without an email into the email seen at its checkout, and undoing restores both", async () => {
    const { workspace, bob } = await identityStore();
    const bobEmail = `e:${keyedHash("bob@example.com")}`;
    const [checkout, home, repeat] = [unique("cid"), unique("cid"), unique("cid")];
    await linkIdentities(workspace.id, [ev(home, "identify", { properties: { email: "bob@example.com" } })]);
    await linkIdentities(workspace.id, [ev(repeat, "checkout_completed", { properties: { order_id: "9004" } })]);
    expect(await person(workspace.id, repeat)).toBe(bob);
    await linkIdentities(workspace.id, [ev(checkout, "checkout_completed", { properties: { order_id: "9002", email: "Bob@Example.com" } })]);

    const [merge] = (await listMerges(workspace.id)).merges;
    expect(merge).toMatchObject({ customer_id: customerIdOf(bobEmail), merged_customer_id: customerIdOf(bob), reason: "email_hash" });
    for (const v of [checkout, home, repeat]) expect(await person(workspace.id, v)).toBe(bobEmail);

    await undoMerge(workspace.id, merge!.id, "api_key:k1");
    expect(await person(workspace.id, repeat)).toBe(bob);
    expect(await person(workspace.id, home)).toBe(bobEmail);
  });

  it("another workspace's merge is not found", async () => {
    const [a, b] = [await identityStore(), await identityStore()];
    await linkIdentities(a.workspace.id, [ev(unique("cid"), "identify", { userId: "m", properties: { email: "x@example.com" } })]);
    await linkIdentities(a.workspace.id, [ev(unique("cid"), "identify", { userId: "m", properties: { email: "y@example.com" } })]);
    const [merge] = (await listMerges(a.workspace.id)).merges;
    expect(merge).toBeDefined();
    await expectAppError(undoMerge(b.workspace.id, merge!.id, "user:x"), "not_found");
    expect((await listMerges(b.workspace.id)).merges).toEqual([]);
  });
});

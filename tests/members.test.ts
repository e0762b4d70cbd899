import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createApiKey } from "@/lib/api-keys/service";
import { changeMemberRole, leaveWorkspace, listMembers, removeMember, transferOwnership } from "@/lib/members/service";
import { seedMembership, seedUser } from "@/lib/seed/factories";
import { workspaceForApiKey, workspaceForUser } from "@/lib/tenancy/guard";
import { expectAppError, roleOf, workspaceWith } from "./helpers";

describe("listMembers", () => {
  it("lists this workspace's members with their roles, oldest first", async () => {
    const { owner, workspace, members } = await workspaceWith(["admin", "viewer"]);
    await workspaceWith(["member"]); // another tenant's members must not show up
    const list = await listMembers(workspace.id);
    expect(list.map((m) => [m.userId, m.email, m.role])).toEqual([
      [owner.id, owner.email, "owner"],
      [members[0]!.user.id, members[0]!.user.email, "admin"],
      [members[1]!.user.id, members[1]!.user.email, "viewer"],
    ]);
  });
});

describe("changeMemberRole", () => {
  it("lets an owner change a member's role", async () => {
    const { workspace, ownerContext, members } = await workspaceWith(["member"]);
    const target = members[0]!.user.id;
    await changeMemberRole(ownerContext, target, { role: "admin" });
    expect(await roleOf(workspace.id, target)).toBe("admin");
    await changeMemberRole(ownerContext, target, { role: "viewer" });
    expect(await roleOf(workspace.id, target)).toBe("viewer");
  });

  it("lets an owner make another owner", async () => {
    const { workspace, ownerContext, members } = await workspaceWith(["admin"]);
    await changeMemberRole(ownerContext, members[0]!.user.id, { role: "owner" });
    expect(await roleOf(workspace.id, members[0]!.user.id)).toBe("owner");
  });

  it("lets an admin promote and demote below owner", async () => {
    const { workspace, members } = await workspaceWith(["admin", "member", "admin"]);
    const [admin, member, otherAdmin] = members;
    await changeMemberRole(admin!.context, member!.user.id, { role: "admin" });
    expect(await roleOf(workspace.id, member!.user.id)).toBe("admin");
    await changeMemberRole(admin!.context, otherAdmin!.user.id, { role: "viewer" });
    expect(await roleOf(workspace.id, otherAdmin!.user.id)).toBe("viewer");
  });

  it("does not let an admin make an owner", async () => {
    const { workspace, members } = await workspaceWith(["admin", "member"]);
    const [admin, member] = members;
    const error = await expectAppError(changeMemberRole(admin!.context, member!.user.id, { role: "owner" }), "forbidden");
    expect(error.fields).toHaveProperty("role");
    expect(await roleOf(workspace.id, member!.user.id)).toBe("member");
    // Not even themself.
    await expectAppError(changeMemberRole(admin!.context, admin!.user.id, { role: "owner" }), "forbidden");
    expect(await roleOf(workspace.id, admin!.user.id)).toBe("admin");
  });

  it("does not let an admin change an owner", async () => {
    const { owner, workspace, members } = await workspaceWith(["admin", "owner"]);
    const admin = members[0]!;
    // Even with a second owner present, so the last-owner rule is not what stops it.
    for (const role of ["admin", "member", "viewer"] as const) {
      await expectAppError(changeMemberRole(admin.context, owner.id, { role }), "forbidden");
    }
    expect(await roleOf(workspace.id, owner.id)).toBe("owner");
  });

  it("does not let members or viewers change roles", async () => {
    const { workspace, members } = await workspaceWith(["member", "viewer"]);
    const [member, viewer] = members;
    await expectAppError(changeMemberRole(member!.context, viewer!.user.id, { role: "member" }), "forbidden");
    await expectAppError(changeMemberRole(viewer!.context, viewer!.user.id, { role: "admin" }), "forbidden");
    await expectAppError(changeMemberRole(member!.context, member!.user.id, { role: "admin" }), "forbidden");
    expect(await roleOf(workspace.id, viewer!.user.id)).toBe("viewer");
    expect(await roleOf(workspace.id, member!.user.id)).toBe("member");
  });

  it("refuses to demote the last owner, with conflict", async () => {
    const { owner, workspace, ownerContext } = await workspaceWith(["admin"]);
    for (const role of ["admin", "member", "viewer"] as const) {
      const error = await expectAppError(changeMemberRole(ownerContext, owner.id, { role }), "conflict");
      expect(error.status).toBe(409);
    }
    expect(await roleOf(workspace.id, owner.id)).toBe("owner");
    // Setting "owner" again is harmless.
    await changeMemberRole(ownerContext, owner.id, { role: "owner" });
    expect(await roleOf(workspace.id, owner.id)).toBe("owner");
  });

  it("lets one of two owners demote the other", async () => {
    const { owner, workspace, members } = await workspaceWith(["owner"]);
    const second = members[0]!;
    await changeMemberRole(second.context, owner.id, { role: "member" });
    expect(await roleOf(workspace.id, owner.id)).toBe("member");
    // Now the second owner is the last one.
    await expectAppError(changeMemberRole(second.context, second.user.id, { role: "admin" }), "conflict");
    expect(await roleOf(workspace.id, second.user.id)).toBe("owner");
  });

  it("lets one of two owners demote themself", async () => {
    const { owner, workspace, ownerContext, members } = await workspaceWith(["owner"]);
    await changeMemberRole(ownerContext, owner.id, { role: "admin" });
    expect(await roleOf(workspace.id, owner.id)).toBe("admin");
    expect(await roleOf(workspace.id, members[0]!.user.id)).toBe("owner");
  });

  it("rejects an unknown role as a bad request on role", async () => {
    const { workspace, ownerContext, members } = await workspaceWith(["member"]);
    for (const input of [{ role: "superuser" }, { role: "Owner" }, {}, null]) {
      const error = await expectAppError(changeMemberRole(ownerContext, members[0]!.user.id, input), "bad_request");
      if (input) expect(error.fields).toHaveProperty("role");
    }
    expect(await roleOf(workspace.id, members[0]!.user.id)).toBe("member");
  });

  it("answers not_found for someone who is not a member here, even a member elsewhere", async () => {
    const mine = await workspaceWith([]);
    const theirs = await workspaceWith(["member"]);
    const stranger = theirs.members[0]!.user.id;
    await expectAppError(changeMemberRole(mine.ownerContext, stranger, { role: "viewer" }), "not_found");
    expect(await roleOf(theirs.workspace.id, stranger)).toBe("member");
    expect(await roleOf(mine.workspace.id, stranger)).toBeNull();
  });

  it("works for an admin API key, within the admin ceiling", async () => {
    const { owner, workspace, members } = await workspaceWith(["member"]);
    const { key } = await createApiKey(workspace.id, { userId: owner.id, role: "owner" }, { name: "automation", role: "admin" });
    const context = await workspaceForApiKey(workspace.slug, key);
    await changeMemberRole(context, members[0]!.user.id, { role: "admin" });
    expect(await roleOf(workspace.id, members[0]!.user.id)).toBe("admin");
    await expectAppError(changeMemberRole(context, members[0]!.user.id, { role: "owner" }), "forbidden");
  });

  it("leaves exactly one owner when two owners demote each other at the same time", async () => {
    for (let round = 0; round < 5; round++) {
      const { owner, workspace, ownerContext, members } = await workspaceWith(["owner"]);
      const second = members[0]!;
      const results = await Promise.allSettled([
        changeMemberRole(ownerContext, second.user.id, { role: "admin" }),
        changeMemberRole(second.context, owner.id, { role: "admin" }),
      ]);
      const rejected = results.filter((r) => r.status === "rejected");
      expect(rejected, `round ${round}`).toHaveLength(1);
      // Whoever comes second is by then an admin, who may not change an owner.
      expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({ code: "forbidden" });
      const owners = await db.membership.findMany({ where: { workspaceId: workspace.id, role: "owner" } });
      expect(owners, `round ${round}`).toHaveLength(1);
    }
  });

  it("leaves exactly one owner when two owners leave at the same time", async () => {
    for (let round = 0; round < 3; round++) {
      const { workspace, ownerContext, members } = await workspaceWith(["owner"]);
      const results = await Promise.allSettled([leaveWorkspace(ownerContext), leaveWorkspace(members[0]!.context)]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(await db.membership.count({ where: { workspaceId: workspace.id, role: "owner" } })).toBe(1);
    }
  });
});

describe("removeMember", () => {
  it("lets an owner remove anyone else", async () => {
    const { workspace, ownerContext, members } = await workspaceWith(["admin", "member", "viewer"]);
    for (const { user } of members) {
      await removeMember(ownerContext, user.id);
      expect(await roleOf(workspace.id, user.id)).toBeNull();
    }
    // The people themselves still exist.
    expect(await db.user.count({ where: { id: { in: members.map((m) => m.user.id) } } })).toBe(3);
  });

  it("lets an admin remove members and admins but not an owner", async () => {
    const { owner, workspace, members } = await workspaceWith(["admin", "member", "admin", "owner"]);
    const [admin, member, otherAdmin, secondOwner] = members;
    await removeMember(admin!.context, member!.user.id);
    await removeMember(admin!.context, otherAdmin!.user.id);
    expect(await roleOf(workspace.id, member!.user.id)).toBeNull();
    expect(await roleOf(workspace.id, otherAdmin!.user.id)).toBeNull();

    await expectAppError(removeMember(admin!.context, owner.id), "forbidden");
    await expectAppError(removeMember(admin!.context, secondOwner!.user.id), "forbidden");
    expect(await roleOf(workspace.id, owner.id)).toBe("owner");
    expect(await roleOf(workspace.id, secondOwner!.user.id)).toBe("owner");
  });

  it("does not let a member or viewer remove someone else", async () => {
    const { workspace, members } = await workspaceWith(["member", "viewer"]);
    const [member, viewer] = members;
    await expectAppError(removeMember(member!.context, viewer!.user.id), "forbidden");
    await expectAppError(removeMember(viewer!.context, member!.user.id), "forbidden");
    expect(await roleOf(workspace.id, member!.user.id)).toBe("member");
    expect(await roleOf(workspace.id, viewer!.user.id)).toBe("viewer");
  });

  it("lets a member or viewer remove themself", async () => {
    const { workspace, members } = await workspaceWith(["member", "viewer"]);
    for (const { user, context } of members) {
      await removeMember(context, user.id);
      expect(await roleOf(workspace.id, user.id)).toBeNull();
      await expectAppError(workspaceForUser(workspace.slug, user.id), "not_found");
    }
  });

  it("refuses to remove the last owner, even at the owner's own request", async () => {
    const { owner, workspace, ownerContext } = await workspaceWith(["admin"]);
    await expectAppError(removeMember(ownerContext, owner.id), "conflict");
    expect(await roleOf(workspace.id, owner.id)).toBe("owner");
  });

  it("lets one of two owners remove the other", async () => {
    const { owner, workspace, members } = await workspaceWith(["owner"]);
    await removeMember(members[0]!.context, owner.id);
    expect(await roleOf(workspace.id, owner.id)).toBeNull();
    await expectAppError(removeMember(members[0]!.context, members[0]!.user.id), "conflict");
  });

  it("answers not_found for a non-member", async () => {
    const { ownerContext } = await workspaceWith([]);
    const stranger = await seedUser();
    await expectAppError(removeMember(ownerContext, stranger.id), "not_found");
  });

  it("cannot reach into another workspace", async () => {
    const mine = await workspaceWith([]);
    const theirs = await workspaceWith(["member"]);
    await expectAppError(removeMember(mine.ownerContext, theirs.members[0]!.user.id), "not_found");
    expect(await roleOf(theirs.workspace.id, theirs.members[0]!.user.id)).toBe("member");
  });
});

describe("leaveWorkspace", () => {
  it("removes the signed-in member", async () => {
    const { workspace, members } = await workspaceWith(["viewer", "admin"]);
    await leaveWorkspace(members[0]!.context);
    await leaveWorkspace(members[1]!.context);
    expect(await roleOf(workspace.id, members[0]!.user.id)).toBeNull();
    expect(await roleOf(workspace.id, members[1]!.user.id)).toBeNull();
  });

  it("refuses the last owner", async () => {
    const { owner, workspace, ownerContext } = await workspaceWith(["admin"]);
    await expectAppError(leaveWorkspace(ownerContext), "conflict");
    expect(await roleOf(workspace.id, owner.id)).toBe("owner");
  });

  it("lets an owner leave when another owner remains", async () => {
    const { owner, workspace, ownerContext, members } = await workspaceWith(["owner"]);
    await leaveWorkspace(ownerContext);
    expect(await roleOf(workspace.id, owner.id)).toBeNull();
    expect(await roleOf(workspace.id, members[0]!.user.id)).toBe("owner");
  });

  it("is refused to an API key", async () => {
    const { owner, workspace } = await workspaceWith([]);
    const { key } = await createApiKey(workspace.id, { userId: owner.id, role: "owner" }, { name: "k", role: "owner" });
    await expectAppError(leaveWorkspace(await workspaceForApiKey(workspace.slug, key)), "forbidden");
    expect(await db.membership.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });
});

describe("transferOwnership", () => {
  it("makes the target owner and the previous owner admin", async () => {
    const { owner, workspace, ownerContext, members } = await workspaceWith(["member", "viewer"]);
    const target = members[0]!.user.id;
    await transferOwnership(ownerContext, target);
    expect(await roleOf(workspace.id, target)).toBe("owner");
    expect(await roleOf(workspace.id, owner.id)).toBe("admin");
    expect(await roleOf(workspace.id, members[1]!.user.id)).toBe("viewer");
    expect(await db.membership.count({ where: { workspaceId: workspace.id, role: "owner" } })).toBe(1);
    // The old owner's authority is gone; the new owner's is real.
    await expectAppError(workspaceForUser(workspace.slug, owner.id, "ownership.transfer"), "forbidden");
    await workspaceForUser(workspace.slug, target, "workspace.delete");
  });

  it("is forbidden to anyone but an owner", async () => {
    const { owner, workspace, members } = await workspaceWith(["admin", "member"]);
    const [admin, member] = members;
    await expectAppError(transferOwnership(admin!.context, admin!.user.id), "forbidden");
    await expectAppError(transferOwnership(admin!.context, member!.user.id), "forbidden");
    await expectAppError(transferOwnership(member!.context, member!.user.id), "forbidden");
    expect(await roleOf(workspace.id, owner.id)).toBe("owner");
    expect(await roleOf(workspace.id, admin!.user.id)).toBe("admin");
    expect(await roleOf(workspace.id, member!.user.id)).toBe("member");
  });

  it("to a non-member answers not_found and changes nothing", async () => {
    const { owner, workspace, ownerContext } = await workspaceWith([]);
    const stranger = await seedUser();
    await expectAppError(transferOwnership(ownerContext, stranger.id), "not_found");
    expect(await roleOf(workspace.id, owner.id)).toBe("owner");
    expect(await roleOf(workspace.id, stranger.id)).toBeNull();
  });

  it("to oneself is a bad request on userId", async () => {
    const { owner, workspace, ownerContext } = await workspaceWith([]);
    const error = await expectAppError(transferOwnership(ownerContext, owner.id), "bad_request");
    expect(error.fields).toHaveProperty("userId");
    expect(await roleOf(workspace.id, owner.id)).toBe("owner");
  });

  it("is refused to an API key, even an owner key", async () => {
    const { owner, workspace, members } = await workspaceWith(["member"]);
    const { key } = await createApiKey(workspace.id, { userId: owner.id, role: "owner" }, { name: "k", role: "owner" });
    await expectAppError(transferOwnership(await workspaceForApiKey(workspace.slug, key), members[0]!.user.id), "forbidden");
    expect(await roleOf(workspace.id, members[0]!.user.id)).toBe("member");
  });

  it("between two owners leaves the target owner and the giver admin", async () => {
    const { owner, workspace, ownerContext, members } = await workspaceWith(["owner"]);
    await seedMembership(workspace.id, members[0]!.user.id, "owner");
    await transferOwnership(ownerContext, members[0]!.user.id);
    expect(await roleOf(workspace.id, owner.id)).toBe("admin");
    expect(await roleOf(workspace.id, members[0]!.user.id)).toBe("owner");
  });
});

// A context is read at the start of a request; by the time the change runs, a concurrent request
// may have lowered the actor's role. The change must go by the role held now.
describe("a stale context", () => {
  it("cannot change roles with authority the actor has since lost", async () => {
    const { workspace, ownerContext, members } = await workspaceWith(["owner", "member"]);
    const [second, member] = members;
    const staleOwner = second!.context; // read while second was an owner
    await changeMemberRole(ownerContext, second!.user.id, { role: "member" });

    await expectAppError(changeMemberRole(staleOwner, member!.user.id, { role: "owner" }), "forbidden");
    await expectAppError(removeMember(staleOwner, member!.user.id), "forbidden");
    await expectAppError(transferOwnership(staleOwner, member!.user.id), "forbidden");
    expect(await roleOf(workspace.id, member!.user.id)).toBe("member");
    expect(await db.membership.count({ where: { workspaceId: workspace.id, role: "owner" } })).toBe(1);
    // Leaving needs no authority.
    await removeMember(staleOwner, second!.user.id);
    expect(await roleOf(workspace.id, second!.user.id)).toBeNull();
  });

  it("cannot act at all once the actor was removed", async () => {
    const { ownerContext, members } = await workspaceWith(["admin", "member"]);
    const [admin, member] = members;
    await removeMember(ownerContext, admin!.user.id);
    await expectAppError(changeMemberRole(admin!.context, member!.user.id, { role: "viewer" }), "not_found");
    await expectAppError(removeMember(admin!.context, member!.user.id), "not_found");
  });

  it("a double-submitted transfer hands the workspace to one person only", async () => {
    for (let round = 0; round < 3; round++) {
      const { owner, workspace, ownerContext, members } = await workspaceWith(["member", "member"]);
      const results = await Promise.allSettled(members.map((m) => transferOwnership(ownerContext, m.user.id)));
      expect(results.filter((r) => r.status === "fulfilled"), `round ${round}`).toHaveLength(1);
      expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "forbidden" });
      const owners = await db.membership.findMany({ where: { workspaceId: workspace.id, role: "owner" } });
      expect(owners, `round ${round}`).toHaveLength(1);
      expect(await roleOf(workspace.id, owner.id)).toBe("admin");
    }
  });
});


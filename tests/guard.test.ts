import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { actorUserId, authorize, workspaceForApiKey, workspaceForUser } from "@/lib/tenancy/guard";
import { ROLES, type Permission, type Role } from "@/lib/tenancy/roles";
import { expectAppError, expectAppErrorSync, unique } from "./helpers";

describe("workspaceForUser", () => {
  it("returns the workspace, the member's role and the user as actor", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const member = await seedUser();
    await seedMembership(workspace.id, member.id, "member");

    const context = await workspaceForUser(workspace.slug, member.id);
    expect(context).toEqual({ workspace, role: "member", actor: { kind: "user", userId: member.id } });
    expect(actorUserId(context)).toBe(member.id);
    expect((await workspaceForUser(workspace.slug, owner.id)).role).toBe("owner");
  });

  it("answers a non-member and an unknown slug with the same not_found", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const outsider = await seedUser();
    // The outsider has a workspace of their own, so a cross-tenant mix-up would show.
    await seedWorkspace(outsider.id);

    const notMember = await expectAppError(workspaceForUser(workspace.slug, outsider.id), "not_found");
    const noSuch = await expectAppError(workspaceForUser(unique("no-such-workspace"), outsider.id), "not_found");
    expect(notMember.message).toBe(noSuch.message);
    expect(notMember.message).not.toContain(workspace.slug);
    expect(notMember.status).toBe(404);
  });

  it("stops working once the membership is gone", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const member = await seedUser();
    await seedMembership(workspace.id, member.id, "admin");
    await workspaceForUser(workspace.slug, member.id, "settings.manage");
    await db.membership.delete({ where: { workspaceId_userId: { workspaceId: workspace.id, userId: member.id } } });
    await expectAppError(workspaceForUser(workspace.slug, member.id), "not_found");
  });

  it("refuses a viewer settings.manage with forbidden, but lets them read", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const viewer = await seedUser();
    await seedMembership(workspace.id, viewer.id, "viewer");
    const error = await expectAppError(workspaceForUser(workspace.slug, viewer.id, "settings.manage"), "forbidden");
    expect(error.status).toBe(403);
    expect((await workspaceForUser(workspace.slug, viewer.id, "workspace.read")).role).toBe("viewer");
  });

  it("checks each role against each permission as roles.ts says", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const users: Record<Role, string> = { owner: owner.id, admin: "", member: "", viewer: "" };
    for (const role of ["admin", "member", "viewer"] as const) {
      const user = await seedUser();
      await seedMembership(workspace.id, user.id, role);
      users[role] = user.id;
    }
    const cases: [Permission, Role[]][] = [
      ["dashboards.edit", ["owner", "admin", "member"]],
      ["members.manage", ["owner", "admin"]],
      ["workspace.delete", ["owner"]],
    ];
    for (const [permission, allowed] of cases) {
      for (const role of ROLES) {
        const attempt = workspaceForUser(workspace.slug, users[role], permission);
        if (allowed.includes(role)) await expect(attempt, `${role} ${permission}`).resolves.toMatchObject({ role });
        else await expectAppError(attempt, "forbidden");
      }
    }
  });
});

describe("authorize", () => {
  it("passes the context through or throws forbidden", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const context = await workspaceForUser(workspace.slug, owner.id);
    expect(authorize(context, "workspace.delete")).toBe(context);
    expectAppErrorSync(() => authorize({ ...context, role: "admin" }, "workspace.delete"), "forbidden");
  });
});

describe("workspaceForApiKey", () => {
  async function withKey(role: Role) {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const { key, apiKey } = await createApiKey(workspace.id, { userId: owner.id, role: "owner" }, { name: `key ${role}`, role });
    return { owner, workspace, key, apiKey };
  }

  it("resolves a valid key to its workspace, with the key's role and the key as actor", async () => {
    const { workspace, key, apiKey } = await withKey("member");
    const context = await workspaceForApiKey(workspace.slug, key);
    expect(context).toEqual({ workspace, role: "member", actor: { kind: "apiKey", apiKeyId: apiKey.id, name: "key member", expiresAt: null } });
    expect(actorUserId(context)).toBeNull();
  });

  it("answers an unknown, revoked or malformed key with unauthorized", async () => {
    const { workspace, key, apiKey } = await withKey("admin");
    // Same workspace and shape, different secret.
    const forged = `${key.slice(0, key.indexOf(".") + 1)}${"A".repeat(43)}`;
    for (const bad of ["", "nonsense", "sb_", `sb_${workspace.id}`, `sb_${workspace.id}.`, key.slice(3), `${key}x`, forged, `Bearer ${key}`]) {
      const error = await expectAppError(workspaceForApiKey(workspace.slug, bad), "unauthorized");
      expect(error.status).toBe(401);
    }
    await workspaceForApiKey(workspace.slug, key); // still fine before revoking
    await revokeApiKey(workspace.id, apiKey.id);
    await expectAppError(workspaceForApiKey(workspace.slug, key), "unauthorized");
  });

  it("answers a valid key of workspace A used against workspace B with the same not_found as a non-member", async () => {
    const a = await withKey("owner");
    const b = await withKey("owner");
    const error = await expectAppError(workspaceForApiKey(b.workspace.slug, a.key), "not_found");
    const userError = await expectAppError(workspaceForUser(b.workspace.slug, a.owner.id), "not_found");
    expect(error.message).toBe(userError.message);
    expect(error.message).not.toContain(b.workspace.name);
    // And a slug that does not exist at all looks the same.
    expect((await expectAppError(workspaceForApiKey(unique("ghost"), a.key), "not_found")).message).toBe(error.message);
  });

  it("cannot be steered to another workspace by rewriting the id inside the key", async () => {
    const a = await withKey("owner");
    const b = await withKey("viewer");
    const secret = a.key.slice(a.key.indexOf(".") + 1);
    const rewritten = `sb_${b.workspace.id}.${secret}`;
    await expectAppError(workspaceForApiKey(b.workspace.slug, rewritten), "unauthorized");
  });

  it("limits permissions to the key's role", async () => {
    const viewer = await withKey("viewer");
    await expect(workspaceForApiKey(viewer.workspace.slug, viewer.key, "workspace.read")).resolves.toMatchObject({ role: "viewer" });
    await expectAppError(workspaceForApiKey(viewer.workspace.slug, viewer.key, "dashboards.edit"), "forbidden");

    const admin = await withKey("admin");
    await expect(workspaceForApiKey(admin.workspace.slug, admin.key, "settings.manage")).resolves.toMatchObject({ role: "admin" });
    await expectAppError(workspaceForApiKey(admin.workspace.slug, admin.key, "workspace.delete"), "forbidden");
    await expectAppError(workspaceForApiKey(admin.workspace.slug, admin.key, "billing.manage"), "forbidden");
  });

  it("stops working when the workspace is deleted", async () => {
    const { workspace, key } = await withKey("owner");
    await db.workspace.delete({ where: { id: workspace.id } });
    await expectAppError(workspaceForApiKey(workspace.slug, key), "unauthorized");
  });
});

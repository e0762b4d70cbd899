import { describe, expect, it } from "vitest";
import { authenticateApiKey, createApiKey } from "@/lib/api-keys/service";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { workspaceForApiKey } from "@/lib/tenancy/guard";
import { expectAppError } from "./helpers";

// A key never carries more authority than the member who made it has now.

async function adminWithKey() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const admin = await seedUser();
  await seedMembership(workspace.id, admin.id, "admin");
  const { key } = await createApiKey(workspace.id, { userId: admin.id, role: "admin" }, { name: "admin's key", role: "admin" });
  return { workspace, admin, key };
}

const membership = (workspaceId: string, userId: string) => ({ workspaceId_userId: { workspaceId, userId } });

describe("an API key's authority", () => {
  it("drops to its creator's role when the creator is demoted", async () => {
    const { workspace, admin, key } = await adminWithKey();
    expect((await workspaceForApiKey(workspace.slug, key, "settings.manage")).role).toBe("admin");

    await db.membership.update({ where: membership(workspace.id, admin.id), data: { role: "viewer" } });
    expect(await authenticateApiKey(key)).toMatchObject({ role: "viewer" });
    await expectAppError(workspaceForApiKey(workspace.slug, key, "settings.manage"), "forbidden");
    expect((await workspaceForApiKey(workspace.slug, key, "workspace.read")).role).toBe("viewer");
  });

  it("stops working when its creator leaves the workspace", async () => {
    const { workspace, admin, key } = await adminWithKey();
    await db.membership.delete({ where: membership(workspace.id, admin.id) });
    expect(await authenticateApiKey(key)).toBeNull();
    await expectAppError(workspaceForApiKey(workspace.slug, key, "workspace.read"), "unauthorized");
  });

  it("keeps its own, lower role when its creator ranks higher, and an operator's key keeps its role", async () => {
    const { workspace, admin } = await adminWithKey();
    const { key: viewerKey } = await createApiKey(workspace.id, { userId: admin.id, role: "admin" }, { name: "read only", role: "viewer" });
    expect(await authenticateApiKey(viewerKey)).toMatchObject({ role: "viewer" });
    const { key: operatorKey } = await createApiKey(workspace.id, { userId: null, role: "owner" }, { name: "operator", role: "admin" });
    expect(await authenticateApiKey(operatorKey)).toMatchObject({ role: "admin" });
  });
});

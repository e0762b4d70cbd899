import crypto from "node:crypto";
import { db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/tenancy/roles";
import { createWorkspace, type WorkspaceSummary } from "@/lib/workspaces/service";

// Shared by the demo seed, the CLI and the tests, so all three build data the same way.

export async function seedUser(input: { email?: string; password?: string; name?: string } = {}) {
  const email = (input.email ?? `user-${crypto.randomBytes(5).toString("hex")}@example.test`).toLowerCase();
  const password = input.password ?? `pw-${crypto.randomBytes(8).toString("hex")}`;
  const user = await db.user.create({
    data: { email, name: input.name ?? null, passwordHash: await hashPassword(password) },
    select: { id: true, email: true, name: true },
  });
  return { ...user, password };
}

export async function seedWorkspace(ownerId: string, input: { name?: string; timeZone?: string; currency?: string } = {}): Promise<WorkspaceSummary> {
  return createWorkspace(ownerId, {
    name: input.name ?? `Workspace ${crypto.randomBytes(3).toString("hex")}`,
    timeZone: input.timeZone ?? "America/New_York",
    currency: input.currency ?? "USD",
  });
}

export async function seedMembership(workspaceId: string, userId: string, role: Role): Promise<void> {
  await db.membership.upsert({
    where: { workspaceId_userId: { workspaceId, userId } },
    create: { workspaceId, userId, role },
    update: { role },
  });
}

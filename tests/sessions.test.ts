import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { leaveWorkspace, removeMember } from "@/lib/members/service";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { workspaceForUser } from "@/lib/tenancy/guard";

// A session's cookie is only as good as the server-side version it was issued under: signing out,
// and being removed from one's last workspace, bump that version.

const session = vi.hoisted(() => ({ userId: null as string | null, signedOut: 0 }));
vi.mock("@/lib/auth", () => ({
  auth: async () => (session.userId ? { user: { id: session.userId }, expires: "" } : null),
  signOut: async () => {
    session.signedOut++;
  },
}));

const versionOf = async (userId: string) => (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true } })).sessionVersion;

describe("ending sessions on the server", () => {
  it("sign-out moves the user's session version, so a replayed cookie no longer matches", async () => {
    const user = await seedUser();
    const before = await versionOf(user.id);
    session.userId = user.id;
    const { signOutAction } = await import("@/lib/auth/sign-out");
    await signOutAction();
    expect(session.signedOut).toBe(1);
    expect(await versionOf(user.id)).toBe(before + 1);
  });

  it("removal from one's last workspace ends the sessions; from one of several, or leaving, does not", async () => {
    const owner = await seedUser();
    const first = await seedWorkspace(owner.id);
    const second = await seedWorkspace(owner.id);
    const member = await seedUser();
    await seedMembership(first.id, member.id, "member");
    await seedMembership(second.id, member.id, "member");
    const ownerIn = async (slug: string) => workspaceForUser(slug, owner.id, "members.manage");
    const start = await versionOf(member.id);

    await removeMember(await ownerIn(first.slug), member.id);
    expect(await versionOf(member.id)).toBe(start);
    await removeMember(await ownerIn(second.slug), member.id);
    expect(await versionOf(member.id)).toBe(start + 1);

    const leaver = await seedUser();
    await seedMembership(first.id, leaver.id, "viewer");
    const leaverStart = await versionOf(leaver.id);
    await leaveWorkspace(await workspaceForUser(first.slug, leaver.id));
    expect(await versionOf(leaver.id)).toBe(leaverStart);
  });
});

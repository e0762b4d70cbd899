import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { grantSupportAccessAction, revokeSupportAccessAction } from "@/app/w/[slug]/settings/support/actions";
import { auth } from "@/lib/auth";
import { currentUser } from "@/lib/auth/session";
import { resolveApiCaller } from "@/lib/api/workspace-route";
import { db } from "@/lib/db/client";
import { grantSupportAccess, revokeSupportAccess, SUPPORT_READ_ONLY, VISIT_WINDOW_MS } from "@/lib/operators/support-access";
import { seedUser } from "@/lib/seed/factories";
import { auditActorOf, workspaceForUser } from "@/lib/tenancy/guard";
import { requireWorkspaceAction, requireWorkspacePage } from "@/lib/tenancy/server";
import { expectAppError, formOf, workspaceWith } from "../helpers";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// Support access end to end through the one guard every page, action and REST call goes through:
// an operator reads a workspace only while its owner's grant is live, read-only, each visit on the
// workspace's trail; the clock is driven by hand (only Date is faked, so the database still runs).

const HOUR = 3_600_000;
const START = new Date("2026-12-01T09:00:00Z");

afterEach(() => {
  vi.useRealTimers();
});

function at(instant: Date) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(instant);
}

function signedInAs(user: { id: string; email: string }) {
  vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });
  vi.mocked(auth).mockResolvedValue({ user: { id: user.id, email: user.email }, expires: "" } as never);
}

async function operator() {
  const user = await seedUser();
  await db.user.update({ where: { id: user.id }, data: { isOperator: true } });
  return user;
}

const audit = (workspaceId: string, action: string) => db.auditEvent.findMany({ where: { workspaceId, action }, orderBy: { occurredAt: "asc" } });
const pageDigest = async (work: Promise<unknown>) => work.then(() => undefined, (error: { digest?: string }) => error.digest);

describe("support access", () => {
  it("opens the workspace to an operator, read-only, until it expires; then it is a 404 again", async () => {
    const { owner, workspace } = await workspaceWith();
    const ops = await operator();
    at(START);
    await expectAppError(workspaceForUser(workspace.slug, ops.id), "not_found");

    signedInAs(owner);
    expect(await grantSupportAccessAction(null, formOf({ slug: workspace.slug, hours: "24" }))).toMatchObject({ ok: true, message: expect.stringContaining("Support access granted until") });
    const [granted] = await audit(workspace.id, "support_access.granted");
    expect(granted).toMatchObject({ actorKind: "user", actorId: owner.id, changes: { hours: { before: null, after: 24 } } });

    at(new Date(START.getTime() + HOUR));
    const context = await workspaceForUser(workspace.slug, ops.id);
    expect(context).toMatchObject({ workspace: { id: workspace.id }, role: "viewer", support: { expiresAt: new Date(START.getTime() + 24 * HOUR) } });
    expect(auditActorOf(context)).toEqual({ kind: "operator", id: ops.id });

    // Pages open; every write is refused with the reason, through actions, the REST API and any permission above reading.
    signedInAs(ops);
    await expect(requireWorkspacePage(workspace.slug)).resolves.toMatchObject({ support: expect.any(Object) });
    expect((await expectAppError(requireWorkspaceAction(workspace.slug, "dashboards.edit"), "forbidden")).message).toBe(SUPPORT_READ_ONLY);
    expect((await expectAppError(requireWorkspaceAction(workspace.slug), "forbidden")).message).toBe(SUPPORT_READ_ONLY);
    expect((await expectAppError(workspaceForUser(workspace.slug, ops.id, "settings.manage"), "forbidden")).message).toBe(SUPPORT_READ_ONLY);
    const write = new NextRequest(`http://localhost/api/v1/workspaces/${workspace.slug}/dashboards`, { method: "POST", headers: { origin: "http://localhost" } });
    expect((await expectAppError(resolveApiCaller(write, workspace.slug, "workspace.read"), "forbidden")).message).toBe(SUPPORT_READ_ONLY);
    const read = new NextRequest(`http://localhost/api/v1/workspaces/${workspace.slug}/dashboards`);
    await expect(resolveApiCaller(read, workspace.slug, "workspace.read")).resolves.toMatchObject({ support: expect.any(Object) });
    // The owner's own settings stay the owner's.
    expect(await grantSupportAccessAction(null, formOf({ slug: workspace.slug, hours: "168" }))).toMatchObject({ ok: false, error: SUPPORT_READ_ONLY });

    at(new Date(START.getTime() + 24 * HOUR + 1));
    await expectAppError(workspaceForUser(workspace.slug, ops.id), "not_found");
    expect(await pageDigest(requireWorkspacePage(workspace.slug))).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
  });

  it("records one visit per operator and window, not one per page", async () => {
    const { owner, workspace } = await workspaceWith();
    const [first, second] = [await operator(), await operator()];
    await grantSupportAccess({ workspaceId: workspace.id, userId: owner.id }, { hours: 72 }, START);
    at(new Date(START.getTime() + 60_000));
    await Promise.all([0, 1, 2].map(() => workspaceForUser(workspace.slug, first.id)));
    await workspaceForUser(workspace.slug, second.id);
    at(new Date(START.getTime() + 60_000 + VISIT_WINDOW_MS - 1_000));
    await workspaceForUser(workspace.slug, first.id);
    expect(await audit(workspace.id, "support_access.used")).toHaveLength(2);
    at(new Date(START.getTime() + 60_000 + VISIT_WINDOW_MS + 1_000));
    await workspaceForUser(workspace.slug, first.id);
    const used = await audit(workspace.id, "support_access.used");
    expect(used.every((e) => e.actorKind === "operator")).toBe(true);
    expect(used.filter((e) => e.actorId === first.id)).toHaveLength(2);
    expect(used.filter((e) => e.actorId === second.id)).toHaveLength(1);
  });

  it("gives nothing to an operator without a grant, to a non-operator with one, or through another workspace's grant", async () => {
    const mine = await workspaceWith();
    const theirs = await workspaceWith();
    const ops = await operator();
    const stranger = await seedUser();
    await grantSupportAccess({ workspaceId: theirs.workspace.id, userId: theirs.owner.id }, { hours: 1 });
    await expectAppError(workspaceForUser(mine.workspace.slug, ops.id), "not_found");
    await expectAppError(workspaceForUser(theirs.workspace.slug, stranger.id), "not_found");
    await expect(workspaceForUser(theirs.workspace.slug, ops.id)).resolves.toMatchObject({ workspace: { id: theirs.workspace.id } });
    // Taking the flag away closes it at once.
    await db.user.update({ where: { id: ops.id }, data: { isOperator: false } });
    await expectAppError(workspaceForUser(theirs.workspace.slug, ops.id), "not_found");
  });

  it("ends at once when the owner revokes it, and a new grant replaces the live one", async () => {
    const { owner, workspace } = await workspaceWith();
    const ops = await operator();
    const member = { workspaceId: workspace.id, userId: owner.id };
    const first = await grantSupportAccess(member, { hours: 1 });
    const second = await grantSupportAccess(member, { hours: 24 });
    const rows = await db.supportAccessGrant.findMany({ where: { workspaceId: workspace.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.id, r.revokedAt !== null])).toEqual([
      [first.id, true],
      [second.id, false],
    ]);
    await expect(workspaceForUser(workspace.slug, ops.id)).resolves.toMatchObject({ support: { grantId: second.id } });
    signedInAs(owner);
    expect(await revokeSupportAccessAction(null, formOf({ slug: workspace.slug }))).toMatchObject({ ok: true, message: expect.stringContaining("revoked") });
    await expectAppError(workspaceForUser(workspace.slug, ops.id), "not_found");
    expect(await revokeSupportAccess(member)).toBe(false);
    expect(await audit(workspace.id, "support_access.revoked")).toHaveLength(1);
  });

  it("is the owner's to grant, for a duration from the list only", async () => {
    const { workspace, owner, members } = await workspaceWith(["admin"] as const);
    signedInAs(members[0]!.user);
    expect(await grantSupportAccessAction(null, formOf({ slug: workspace.slug, hours: "24" }))).toMatchObject({ ok: false, error: "Your role does not allow this." });
    signedInAs(owner);
    for (const hours of ["2", "169", "-1", "many", ""]) {
      expect(await grantSupportAccessAction(null, formOf({ slug: workspace.slug, hours })), hours).toMatchObject({ ok: false, fields: { hours: expect.any(String) } });
    }
    expect(await db.supportAccessGrant.count({ where: { workspaceId: workspace.id } })).toBe(0);
    // Another workspace's owner cannot grant access to this one.
    const other = await workspaceWith();
    signedInAs(other.owner);
    expect(await grantSupportAccessAction(null, formOf({ slug: workspace.slug, hours: "24" }))).toMatchObject({ ok: false, error: "Workspace not found." });
  });
});

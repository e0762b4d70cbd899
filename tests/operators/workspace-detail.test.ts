import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import AdminWorkspacePage from "@/app/admin/workspaces/[id]/page";
import { auth } from "@/lib/auth";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { grantSupportAccess } from "@/lib/operators/support-access";
import { workspaceDetailForOperator } from "@/lib/operators/workspace-detail";
import { pageText, workspaceWith } from "../helpers";
import { digestOf } from "./console-helpers";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

// One workspace in the operator console: plan, members by role, each connection's health as the
// sync-lag measure reads it (built here with known ages, read at a fixed instant), and whether its
// owner has granted support access. Nothing of the workspace's own data is on it.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

async function withConnections(now: Date) {
  const built = await workspaceWith(["admin", "viewer", "viewer"] as const);
  const base = { workspaceId: built.workspace.id, credentials: "sealed", scopes: [], createdAt: new Date(now.getTime() - 10 * HOUR) };
  await db.connection.createMany({
    data: [
      { ...base, id: "on-time", provider: "shopify", externalAccountId: "a", displayName: "secret-shop.myshopify.com", lastSuccessAt: new Date(now.getTime() - 5 * MINUTE) },
      { ...base, id: "late", provider: "google_ads", externalAccountId: "b", displayName: "B", status: "error", lastSuccessAt: new Date(now.getTime() - 70 * MINUTE), lastError: "401 for owner@example.com" },
      { ...base, id: "never", provider: "meta_ads", externalAccountId: "c", displayName: "C", status: "needs_reauth" },
      { ...base, id: "gone", provider: "shopify", externalAccountId: "d", displayName: "D", status: "disconnected" },
      { ...base, id: "paused", provider: "tiktok_ads", externalAccountId: "e", displayName: "E", planPausedAt: now },
    ],
  });
  return built;
}

async function signInAs(operator: boolean) {
  const { workspace } = await workspaceWith();
  const owner = await db.membership.findFirstOrThrow({ where: { workspaceId: workspace.id }, select: { userId: true } });
  const user = await db.user.update({ where: { id: owner.userId }, data: { isOperator: operator }, select: { id: true, email: true } });
  vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });
  vi.mocked(auth).mockResolvedValue({ user: { id: user.id, email: user.email }, expires: "" } as never);
  return user;
}

describe("a workspace in the operator console", () => {
  it("reads plan, members by role and each connection's lag behind its schedule", async () => {
    const now = new Date("2034-06-01T12:00:00Z");
    const { workspace } = await withConnections(now);
    const detail = (await workspaceDetailForOperator(workspace.id, now))!;
    expect(detail).toMatchObject({ id: workspace.id, slug: workspace.slug, members: { total: 4, byRole: [{ role: "owner", count: 1 }, { role: "admin", count: 1 }, { role: "viewer", count: 2 }] }, supportAccess: null });
    const health = Object.fromEntries(detail.connections.map((c) => [c.id, [c.providerLabel, c.status, c.unscheduled, c.health?.lagSeconds ?? null]]));
    expect(health).toEqual({
      "on-time": ["Shopify", "active", null, 0],
      late: ["Google Ads", "error", null, 60 * 60],
      never: ["Meta Ads", "needs_reauth", null, 10 * 3600 - 600],
      gone: ["Shopify", "disconnected", "disconnected", null],
      paused: ["TikTok Ads", "active", "paused_by_plan", null],
    });
    const late = detail.connections.find((c) => c.id === "late")!;
    expect(late.health).toEqual({ lastSuccessAt: new Date(now.getTime() - 70 * MINUTE), lagSeconds: 3600, lastError: "401 for [email]" });
  });

  it("shows the health with last success in UTC and relative, the lag and the redacted error, and no member's email", async () => {
    const now = new Date();
    const { workspace, owner } = await withConnections(now);
    await signInAs(true);
    const page = pageText(renderToStaticMarkup(await AdminWorkspacePage({ params: Promise.resolve({ id: workspace.id }) })));
    expect(page).toContain(workspace.name);
    expect(page).toContain("4 (1 owner, 1 admin, 2 viewers)");
    expect(page).toMatch(/Google Ads late error Last success .+ UTC \(1 h 10 min ago\) Behind schedule 1 h Last error 401 for \[email\]/);
    expect(page).toMatch(/Shopify on-time active Last success .+ UTC \(5 min ago\) Behind schedule On time Last error None/);
    expect(page).toContain("Meta Ads never needs reauth Last success Never Behind schedule 9 h 50 min");
    expect(page).toContain("Disconnected: not synced");
    expect(page).toContain("Paused by its plan: not synced");
    expect(page).toContain("None. Opening the workspace's pages takes its owner's grant");
    expect(page).not.toContain(owner.email);
    expect(page).not.toContain("secret-shop");
  });

  it("says until when its owner's support access runs, and links into the workspace", async () => {
    const { workspace, owner } = await workspaceWith();
    const grant = await grantSupportAccess({ workspaceId: workspace.id, userId: owner.id }, { hours: 24 });
    await signInAs(true);
    const markup = renderToStaticMarkup(await AdminWorkspacePage({ params: Promise.resolve({ id: workspace.id }) }));
    expect(pageText(markup)).toMatch(/Granted by its owner until .+ UTC\./);
    expect(markup).toContain(`href="/w/${workspace.slug}"`);
    expect((await workspaceDetailForOperator(workspace.id))!.supportAccess?.expiresAt).toEqual(grant.expiresAt);
  });

  it("is a 404 for an unknown id, and for anyone but an operator", async () => {
    await signInAs(true);
    expect(await digestOf(() => AdminWorkspacePage({ params: Promise.resolve({ id: "no-such-workspace" }) }))).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
    const { workspace } = await workspaceWith();
    await signInAs(false);
    expect(await digestOf(() => AdminWorkspacePage({ params: Promise.resolve({ id: workspace.id }) }))).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
  });
});

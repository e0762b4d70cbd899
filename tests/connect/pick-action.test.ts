import { describe, expect, it, vi } from "vitest";
import { connectAccountAction } from "@/app/w/[slug]/connections/pick/actions";
import { startAdBackfill } from "@/lib/ads/backfill";
import { createOAuthState, PENDING_COOKIE, sealPending } from "@/lib/connections/oauth/flow";
import { seedMembership, seedUser } from "@/lib/seed/factories";
import { adminWorkspace, connectionsOf, servePlatforms, signIn } from "./support";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("@/lib/ads/backfill", () => ({ startAdBackfill: vi.fn(async () => ({ runId: "run", reused: false })) }));

// The browser's cookie jar as the server action sees it through next/headers.
const jar = new Map<string, { value: string; options?: { path?: string; maxAge?: number } }>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)!.value } : undefined),
    set: (name: string, value: string, options?: { path?: string; maxAge?: number }) => void jar.set(name, { value, options }),
  }),
}));

servePlatforms(() => {
  jar.clear();
  vi.mocked(startAdBackfill).mockClear();
});

const TOKENS = { accessToken: "EAAB-action-token-2b7e", refreshToken: null, expiresAt: new Date(Date.now() + 50 * 86_400_000).toISOString(), scopes: ["ads_read"] };

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

async function pendingCookieFor(user: { id: string }, workspace: { id: string; slug: string }) {
  const { state } = createOAuthState({ provider: "meta_ads", workspaceId: workspace.id, slug: workspace.slug, userId: user.id, connectionId: null });
  jar.set(PENDING_COOKIE, { value: sealPending(state, TOKENS) });
}

/** Runs the action and returns where it redirected (Next signals a redirect by throwing). */
async function redirectOf(run: Promise<unknown>): Promise<string> {
  const error = await run.then(() => null, (e: unknown) => e);
  const digest = (error as { digest?: string } | null)?.digest ?? "";
  expect(digest, "the action should redirect").toMatch(/^NEXT_REDIRECT/);
  return digest.split(";")[2]!;
}

describe("connecting the picked account", () => {
  it("creates the connection, forgets the pending sign-in and opens the new connection", async () => {
    const { admin, workspace } = await adminWorkspace();
    await pendingCookieFor(admin, workspace);
    signIn(admin);
    const location = await redirectOf(connectAccountAction(null, form({ slug: workspace.slug, account: "act_1029384756|" })));
    const [row] = await connectionsOf(workspace.id);
    expect(location).toBe(`/w/${workspace.slug}/connections/${row!.id}?oauth=connected&provider=meta_ads`);
    expect(row!.credentials).not.toContain(TOKENS.accessToken);
    expect(jar.get(PENDING_COOKIE)).toEqual({ value: "", options: { path: `/w/${workspace.slug}/connections`, maxAge: 0 } });
    expect(vi.mocked(startAdBackfill)).toHaveBeenCalledOnce();
  });

  it("says to start again when the sign-in is missing or belongs to another user, and names the field when nothing is picked", async () => {
    const { admin, owner, workspace } = await adminWorkspace();
    signIn(admin);
    expect(await connectAccountAction(null, form({ slug: workspace.slug, account: "act_1029384756|" }))).toMatchObject({ ok: false, error: expect.stringContaining("Connect again") });

    await pendingCookieFor(owner, workspace);
    expect(await connectAccountAction(null, form({ slug: workspace.slug, account: "act_1029384756|" }))).toMatchObject({ ok: false, error: expect.stringContaining("Connect again") });

    await pendingCookieFor(admin, workspace);
    expect(await connectAccountAction(null, form({ slug: workspace.slug }))).toMatchObject({ ok: false, fields: { account: "Choose an account to connect." } });
    expect(await connectionsOf(workspace.id)).toEqual([]);
  });

  it("is for admins of the workspace only", async () => {
    const { admin, workspace } = await adminWorkspace();
    await pendingCookieFor(admin, workspace);
    signIn(await seedUser());
    const outsider = await connectAccountAction(null, form({ slug: workspace.slug, account: "act_1029384756|" }));
    expect(outsider).toMatchObject({ ok: false, error: expect.stringMatching(/not found/i) });
    const member = await seedUser();
    await seedMembership(workspace.id, member.id, "member");
    signIn(member);
    const forbidden = await connectAccountAction(null, form({ slug: workspace.slug, account: "act_1029384756|" }));
    expect(forbidden).toMatchObject({ ok: false, error: expect.stringMatching(/role|allow/i) });
    expect(await connectionsOf(workspace.id)).toEqual([]);
  });
});

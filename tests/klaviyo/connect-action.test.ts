import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { connectApiKeyAction } from "@/app/w/[slug]/connections/actions";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { startInitialSync } from "@/lib/sync/schedule";
import { GOOD_KEY, klaviyoHandlers, klaviyoScript } from "./klaviyo-api";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("@/lib/sync/schedule", () => ({ startInitialSync: vi.fn(async () => {}) }));

// The connections page's Klaviyo form: only an admin of the workspace named may connect, the key
// is checked first, and another workspace is not found.

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  vi.mocked(startInitialSync).mockClear();
});
afterAll(() => server.close());

const signIn = (user: { id: string; email: string }) => vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

async function workspaceWithAdmin() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const admin = await seedUser();
  await seedMembership(workspace.id, admin.id, "admin");
  return { workspace, admin };
}

describe("the Klaviyo connect action", () => {
  it("connects with a checked key and starts the history loading", async () => {
    server.use(...klaviyoHandlers(klaviyoScript()));
    const { workspace, admin } = await workspaceWithAdmin();
    signIn(admin);
    const state = await connectApiKeyAction(null, form({ slug: workspace.slug, provider: "klaviyo", apiKey: GOOD_KEY }));
    expect(state).toMatchObject({ ok: true });
    const [row] = await db.connection.findMany({ where: { workspaceId: workspace.id } });
    expect(row).toMatchObject({ provider: "klaviyo", externalAccountId: "XyZ9Ab" });
    expect(vi.mocked(startInitialSync)).toHaveBeenCalledWith({ workspaceId: workspace.id, connectionId: row!.id });
  });

  it("answers a bad key on its field, and refuses viewers and other workspaces' members, storing nothing", async () => {
    const script = klaviyoScript();
    server.use(...klaviyoHandlers(script));
    const { workspace, admin } = await workspaceWithAdmin();
    signIn(admin);
    const bad = await connectApiKeyAction(null, form({ slug: workspace.slug, provider: "klaviyo", apiKey: "not-a-key" }));
    expect(bad).toMatchObject({ ok: false, fields: { apiKey: expect.stringMatching(/pk_/) } });

    const viewer = await seedUser();
    await seedMembership(workspace.id, viewer.id, "viewer");
    signIn(viewer);
    expect(await connectApiKeyAction(null, form({ slug: workspace.slug, provider: "klaviyo", apiKey: GOOD_KEY }))).toMatchObject({ ok: false });

    const other = await workspaceWithAdmin();
    signIn(other.admin);
    const crossed = await connectApiKeyAction(null, form({ slug: workspace.slug, provider: "klaviyo", apiKey: GOOD_KEY }));
    expect(crossed).toMatchObject({ ok: false, error: expect.stringMatching(/not found/i) });
    expect(await db.connection.count({ where: { workspaceId: { in: [workspace.id, other.workspace.id] } } })).toBe(0);
    expect(script.seen).toEqual([]);
  });
});

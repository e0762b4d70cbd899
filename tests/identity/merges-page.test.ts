import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { unmergeAction } from "@/app/w/[slug]/customers/merges/actions";
import MergesPage from "@/app/w/[slug]/customers/merges/page";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listMerges } from "@/lib/identity/merge-admin";
import { upsertCustomers } from "@/lib/stores/ingest";
import { formOf, unique, workspaceWith } from "../helpers";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// The merges page and its un-merge action: what each role sees, and that nobody reaches another
// workspace's merges.

const as = (user: { id: string; email: string }) => vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, " ");
const render = async (slug: string) => text(renderToStaticMarkup(await MergesPage({ params: Promise.resolve({ slug }) })));

/** A store customer with an email and a CRM-like record with only the same phone: one merge. */
async function merged() {
  const setup = await workspaceWith(["viewer", "admin"] as const);
  const at = new Date("2026-04-01T00:00:00Z");
  for (const [name, email] of [["Store", "ann@example.com"], ["Pipeline", null]] as const) {
    const connection = await db.connection.create({
      data: { workspaceId: setup.workspace.id, provider: "shopify", externalAccountId: unique(name), displayName: name, credentials: "-" },
    });
    await upsertCustomers({ workspaceId: setup.workspace.id, connectionId: connection.id }, [
      { externalId: 42n, email, phone: "+15550100000", firstOrderAt: null, ordersCount: 0, tags: [], createdAt: at, updatedAt: at },
    ]);
  }
  return setup;
}

describe("the customer merges page", () => {
  it("lists a merge with both records, why and what found it; admins get un-merge, viewers do not", async () => {
    const { owner, workspace, members } = await merged();
    as(owner);
    const page = await render(workspace.slug);
    expect(page).toContain("Pipeline customer 42 merged into a");
    expect(page).toContain("@example.com");
    expect(page).not.toContain("ann@example.com");
    expect(page).toContain("Same phone number");
    expect(page).toContain("Un-merge");
    as(members.find((m) => m.role === "viewer")!.user);
    const viewer = await render(workspace.slug);
    expect(viewer).toContain("Same phone number");
    expect(viewer).not.toContain("Un-merge</button>");
    expect(viewer).toContain("Admins can un-merge.");
  });

  it("says there are none yet in a workspace without merges", async () => {
    const { owner, workspace } = await workspaceWith();
    as(owner);
    expect(await render(workspace.slug)).toContain("No merges yet");
  });

  it("un-merges for admins only, and never another workspace's merge", async () => {
    const mine = await merged();
    const other = await merged();
    const [merge] = (await listMerges(mine.workspace.id)).merges;
    // A viewer of the workspace may not; a member of another workspace cannot even see it.
    as(mine.members.find((m) => m.role === "viewer")!.user);
    expect(await unmergeAction(null, formOf({ slug: mine.workspace.slug, id: merge!.id }))).toMatchObject({ ok: false });
    as(other.owner);
    await expect(render(mine.workspace.slug)).rejects.toMatchObject({ digest: expect.stringContaining("404") });
    expect(await unmergeAction(null, formOf({ slug: other.workspace.slug, id: merge!.id }))).toMatchObject({ ok: false, error: "No such merge." });
    expect((await listMerges(mine.workspace.id)).merges[0]!.undone_at).toBeNull();

    as(mine.members.find((m) => m.role === "admin")!.user);
    expect(await unmergeAction(null, formOf({ slug: mine.workspace.slug, id: merge!.id }))).toMatchObject({ ok: true });
    expect((await listMerges(mine.workspace.id)).merges[0]!.undone_by).toBe(`user:${mine.members.find((m) => m.role === "admin")!.user.id}`);
    expect(await db.customer.count({ where: { workspaceId: mine.workspace.id, NOT: { mergedInto: null } } })).toBe(0);
    expect(await render(mine.workspace.slug)).toContain("Un-merged");
  });
});

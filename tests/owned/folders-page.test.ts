import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { createFolderAction, deleteFolderAction, moveCampaignAction, renameFolderAction } from "@/app/w/[slug]/channels/folders/actions";
import OwnedFoldersPage from "@/app/w/[slug]/channels/folders/page";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { signIn } from "../connect/support";
import { pageText } from "../helpers";
import { populated } from "./support";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// The folders page and its forms: a member makes, renames and deletes folders and moves campaigns
// and flows; a viewer reads; a stranger gets a 404 and changes nothing.

const render = async (slug: string) => renderToStaticMarkup(await OwnedFoldersPage({ params: Promise.resolve({ slug }) }));
const thrown = (promise: Promise<unknown>) => promise.then(() => "", (e: { digest?: string }) => e.digest ?? String(e));

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

describe("the campaign folders page", () => {
  it("lets a member create, rename and delete a folder and move campaigns in and out of it", async () => {
    const { owner, workspace, weekly } = await populated();
    const slug = workspace.slug;
    signIn(owner);
    expect(pageText(await render(slug))).toContain("No folders yet.");

    expect(await createFolderAction(null, form({ slug, name: "" }))).toMatchObject({ ok: false, fields: { name: expect.any(String) } });
    expect(await createFolderAction(null, form({ slug, name: "Newsletters" }))).toMatchObject({ ok: true });
    expect(await createFolderAction(null, form({ slug, name: "Newsletters" }))).toMatchObject({ ok: false, fields: { name: expect.stringContaining("already exists") } });
    const folder = await db.ownedFolder.findFirstOrThrow({ where: { workspaceId: workspace.id }, select: { id: true } });

    expect(await moveCampaignAction(null, form({ slug, campaign: weekly.campaign.id, folder: folder.id }))).toMatchObject({ ok: true });
    expect(await moveCampaignAction(null, form({ slug, campaign: "nope", folder: folder.id }))).toMatchObject({ ok: false });
    let html = await render(slug);
    expect(pageText(html)).toContain("Newsletters 1 campaign or flow");
    expect(html).toContain(`?folder=${folder.id}`);
    expect(html).toContain('aria-label="Move Weekly newsletter"');

    expect(await renameFolderAction(null, form({ slug, folder: folder.id, name: "Programs" }))).toMatchObject({ ok: true });
    expect(pageText(await render(slug))).toContain("Programs 1 campaign or flow");
    expect(await moveCampaignAction(null, form({ slug, campaign: weekly.campaign.id, folder: "" }))).toMatchObject({ ok: true });
    expect(await db.ownedCampaign.findUnique({ where: { workspaceId_id: { workspaceId: workspace.id, id: weekly.campaign.id } }, select: { folderId: true } })).toEqual({ folderId: null });

    await moveCampaignAction(null, form({ slug, campaign: weekly.campaign.id, folder: folder.id }));
    expect(await deleteFolderAction(null, form({ slug, folder: folder.id }))).toMatchObject({ ok: true });
    html = await render(slug);
    expect(pageText(html)).toContain("No folders yet.");
    expect(pageText(html)).toContain("Weekly newsletter");
    expect(await db.ownedCampaign.count({ where: { workspaceId: workspace.id } })).toBe(2);
  });

  it("shows a viewer the folders without forms, refuses the viewer's changes, and is a 404 for a stranger", async () => {
    const { workspace, weekly } = await populated();
    const folder = await db.ownedFolder.create({ data: { workspaceId: workspace.id, name: "Newsletters" } });
    const viewer = await seedUser();
    await seedMembership(workspace.id, viewer.id, "viewer");
    signIn(viewer);
    const html = await render(workspace.slug);
    expect(pageText(html)).toContain("Newsletters");
    expect(html).not.toContain('name="name"');
    expect(await renameFolderAction(null, form({ slug: workspace.slug, folder: folder.id, name: "Mine" }))).toMatchObject({ ok: false });

    const stranger = await seedUser();
    const theirs = await seedWorkspace(stranger.id);
    signIn(stranger);
    expect(await thrown(render(workspace.slug))).toMatch(/NEXT_HTTP_ERROR_FALLBACK;404/);
    expect(await deleteFolderAction(null, form({ slug: workspace.slug, folder: folder.id }))).toMatchObject({ ok: false });
    // Through their own workspace, my folder and campaign are not there.
    expect(await deleteFolderAction(null, form({ slug: theirs.slug, folder: folder.id }))).toMatchObject({ ok: false, error: "Folder not found." });
    expect(await moveCampaignAction(null, form({ slug: theirs.slug, campaign: weekly.campaign.id, folder: "" }))).toMatchObject({ ok: false });
    expect(await db.ownedFolder.findUnique({ where: { workspaceId_id: { workspaceId: workspace.id, id: folder.id } }, select: { name: true } })).toEqual({ name: "Newsletters" });
  });
});

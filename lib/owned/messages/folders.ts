import { z } from "zod";
import { inTransaction } from "@/lib/db/pool";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

// Folders group campaigns and flows for the report's folder filter. A campaign is in at most one
// folder; deleting a folder leaves its campaigns (and their sends) in no folder. Campaigns are named
// by the ids the report answers (campaign_id); another workspace's folder is not found.

const name = z.string().trim().min(1, "give the folder a name.").max(200, "at most 200 characters.");
const campaignIds = z.array(z.string().trim().min(1).max(64)).max(500, "at most 500 campaigns a request.");

export const ZOwnedFolderCreateSchema = z.object({
  name,
  campaigns: campaignIds.optional().describe("Campaigns and flows (their ids) to move into the new folder."),
});
export const ZOwnedFolderUpdateSchema = z
  .object({
    name: name.optional().describe("A new name."),
    add_campaigns: campaignIds.optional().describe("Campaigns and flows (their ids) to move into this folder, from whichever folder they are in."),
    remove_campaigns: campaignIds.optional().describe("Campaigns and flows of this folder to leave in no folder."),
  })
  .refine((v) => v.name !== undefined || v.add_campaigns !== undefined || v.remove_campaigns !== undefined, { message: "give name, add_campaigns or remove_campaigns.", path: ["name"] });

const ZCampaignRef = z.object({ id: z.string(), name: z.string(), kind: z.string(), channel: z.string() });
export const ZOwnedFolderSchema = z.object({ id: z.string(), name: z.string(), campaigns: z.array(ZCampaignRef) });
export const ZOwnedFolderListSchema = z.object({
  folders: z.array(ZOwnedFolderSchema),
  unfiled: z.array(ZCampaignRef).describe("Campaigns and flows in no folder."),
});
export type TOwnedFolder = z.infer<typeof ZOwnedFolderSchema>;
export type TOwnedFolderList = z.infer<typeof ZOwnedFolderListSchema>;

/** Every folder with its campaigns and flows, and the campaigns in none, by name. */
export async function listOwnedFolders(workspaceId: string): Promise<TOwnedFolderList> {
  const [folders, campaigns] = await Promise.all([
    db.ownedFolder.findMany({ where: { workspaceId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.ownedCampaign.findMany({ where: { workspaceId }, select: { id: true, name: true, kind: true, channel: true, folderId: true }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
  ]);
  const ref = (c: (typeof campaigns)[number]) => ({ id: c.id, name: c.name, kind: c.kind, channel: c.channel });
  return {
    folders: folders.map((f) => ({ ...f, campaigns: campaigns.filter((c) => c.folderId === f.id).map(ref) })),
    unfiled: campaigns.filter((c) => c.folderId === null || !folders.some((f) => f.id === c.folderId)).map(ref),
  };
}

const FOLDER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** One folder with its campaigns and flows; not found unless it is this workspace's. */
export async function getOwnedFolder(workspaceId: string, folderId: string): Promise<TOwnedFolder> {
  if (!FOLDER_ID.test(folderId)) throw new AppError("not_found", "Folder not found.");
  const folder = await db.ownedFolder.findUnique({ where: { workspaceId_id: { workspaceId, id: folderId } }, select: { id: true, name: true } });
  if (!folder) throw new AppError("not_found", "Folder not found.");
  const campaigns = await db.ownedCampaign.findMany({ where: { workspaceId, folderId }, select: { id: true, name: true, kind: true, channel: true }, orderBy: [{ name: "asc" }, { id: "asc" }] });
  return { ...folder, campaigns };
}

/** Refuses ids that name no campaign of this workspace, naming the first by its place. */
async function checkCampaigns(workspaceId: string, field: string, ids: readonly string[]) {
  const found = await db.ownedCampaign.findMany({ where: { workspaceId, id: { in: [...new Set(ids)] } }, select: { id: true } });
  const known = new Set(found.map((c) => c.id));
  const missing = ids.findIndex((id) => !known.has(id));
  if (missing >= 0) throw AppError.field(`${field}.${missing}`, `${field}.${missing}: no campaign or flow "${ids[missing]}" in this workspace.`);
}

async function nameFree(workspaceId: string, folderName: string, except: string | null) {
  const taken = await db.ownedFolder.findFirst({ where: { workspaceId, name: folderName, ...(except ? { NOT: { id: except } } : {}) }, select: { id: true } });
  if (taken) throw AppError.field("name", `name: a folder called "${folderName}" already exists.`, "conflict");
}

export async function createOwnedFolder(workspaceId: string, input: unknown): Promise<TOwnedFolder> {
  const body = parseInput(ZOwnedFolderCreateSchema, input);
  await nameFree(workspaceId, body.name, null);
  if (body.campaigns) await checkCampaigns(workspaceId, "campaigns", body.campaigns);
  const id = await inTransaction(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO owned_folders (workspace_id, id, name) VALUES ($1, 'f' || md5(random()::text || clock_timestamp()::text), $2)
       ON CONFLICT (workspace_id, name) DO NOTHING RETURNING id`,
      [workspaceId, body.name],
    );
    if (!rows[0]) throw AppError.field("name", `name: a folder called "${body.name}" already exists.`, "conflict");
    if (body.campaigns?.length) {
      await client.query("UPDATE owned_campaigns SET folder_id = $2, updated_at = now() WHERE workspace_id = $1 AND id = ANY($3::text[])", [workspaceId, rows[0].id, body.campaigns]);
    }
    return rows[0].id;
  });
  return getOwnedFolder(workspaceId, id);
}

export async function updateOwnedFolder(workspaceId: string, folderId: string, input: unknown): Promise<TOwnedFolder> {
  await getOwnedFolder(workspaceId, folderId);
  const body = parseInput(ZOwnedFolderUpdateSchema, input);
  if (body.name !== undefined) await nameFree(workspaceId, body.name, folderId);
  if (body.add_campaigns) await checkCampaigns(workspaceId, "add_campaigns", body.add_campaigns);
  if (body.remove_campaigns) await checkCampaigns(workspaceId, "remove_campaigns", body.remove_campaigns);
  await inTransaction(async (client) => {
    if (body.name !== undefined) {
      try {
        await client.query("UPDATE owned_folders SET name = $3 WHERE workspace_id = $1 AND id = $2", [workspaceId, folderId, body.name]);
      } catch (error) {
        // A rename racing another to the same name.
        if ((error as { code?: string }).code === "23505") throw AppError.field("name", `name: a folder called "${body.name}" already exists.`, "conflict");
        throw error;
      }
    }
    if (body.remove_campaigns?.length) {
      await client.query("UPDATE owned_campaigns SET folder_id = NULL, updated_at = now() WHERE workspace_id = $1 AND folder_id = $2 AND id = ANY($3::text[])", [workspaceId, folderId, body.remove_campaigns]);
    }
    if (body.add_campaigns?.length) {
      await client.query("UPDATE owned_campaigns SET folder_id = $2, updated_at = now() WHERE workspace_id = $1 AND id = ANY($3::text[])", [workspaceId, folderId, body.add_campaigns]);
    }
  });
  return getOwnedFolder(workspaceId, folderId);
}

/** Deletes the folder; its campaigns and flows stay, in no folder. */
export async function deleteOwnedFolder(workspaceId: string, folderId: string): Promise<void> {
  await inTransaction(async (client) => {
    if (!FOLDER_ID.test(folderId)) throw new AppError("not_found", "Folder not found.");
    const { rowCount } = await client.query("DELETE FROM owned_folders WHERE workspace_id = $1 AND id = $2", [workspaceId, folderId]);
    if (!rowCount) throw new AppError("not_found", "Folder not found.");
    await client.query("UPDATE owned_campaigns SET folder_id = NULL, updated_at = now() WHERE workspace_id = $1 AND folder_id = $2", [workspaceId, folderId]);
  });
}

/** Moves one campaign or flow into a folder, or into none (folderId null). */
export async function moveOwnedCampaign(workspaceId: string, campaignId: string, folderId: string | null): Promise<void> {
  if (folderId !== null) await getOwnedFolder(workspaceId, folderId);
  const { count } = await db.ownedCampaign.updateMany({ where: { workspaceId, id: campaignId }, data: { folderId } });
  if (count === 0) throw AppError.field("campaign", "campaign: no campaign or flow with that id in this workspace.", "not_found");
}

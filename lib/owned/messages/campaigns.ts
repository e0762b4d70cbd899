import { z } from "zod";
import { getPool, inTransaction } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { OWNED_CAMPAIGN_KINDS, OWNED_CHANNELS, type TOwnedChannel, type TOwnedSource } from "../types";

// Campaigns and flows with their templates, defined by the caller's own ids: sends, imports and
// prepared messages name them by those ids. A repeated definition updates names, and the folder
// when it names one (otherwise the campaign stays in the folder it was moved into).

const externalId = z.string().trim().min(1).max(200);

export const ZOwnedTemplateInputSchema = z.object({
  id: externalId.describe("Your id for the template (a flow's message, a campaign's variant)."),
  name: z.string().trim().min(1).max(300),
  subject: z.string().trim().max(500).optional().describe("An email's subject line."),
});

export const ZOwnedCampaignInputSchema = z.object({
  id: externalId.describe("Your id for the campaign or flow: sends name it by this id."),
  kind: z.enum(OWNED_CAMPAIGN_KINDS),
  channel: z.enum(OWNED_CHANNELS),
  name: z.string().trim().min(1).max(300),
  folder: z.string().trim().min(1).max(200).optional().describe("A folder to group it in (made when new); left out, a defined campaign keeps its folder."),
  templates: z.array(ZOwnedTemplateInputSchema).min(1).max(200),
});

export const ZOwnedCampaignsBodySchema = z.object({ campaigns: z.array(ZOwnedCampaignInputSchema).min(1).max(100) });
export type TOwnedCampaignsBody = z.infer<typeof ZOwnedCampaignsBodySchema>;

export const ZOwnedCampaignsAnswerSchema = z.object({
  campaigns: z.array(z.object({ id: z.string(), kind: z.string(), channel: z.string(), name: z.string(), templates: z.number().int() })),
});

/** Creates or updates campaigns and flows and their templates (source api or csv). */
export async function defineCampaigns(workspaceId: string, input: unknown, source: TOwnedSource = "api") {
  const body = parseInput(ZOwnedCampaignsBodySchema, input);
  const ids = body.campaigns.map((c) => c.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw AppError.field(`campaigns.${ids.lastIndexOf(dup)}.id`, `The campaign id "${dup}" is given twice.`);
  return inTransaction(async (client) => {
    const out: z.infer<typeof ZOwnedCampaignsAnswerSchema>["campaigns"] = [];
    for (const campaign of body.campaigns) {
      let folderId: string | null = null;
      if (campaign.folder) {
        const folder = await client.query<{ id: string }>(
          `INSERT INTO owned_folders (workspace_id, id, name) VALUES ($1, 'f' || md5(random()::text), $2)
           ON CONFLICT (workspace_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
          [workspaceId, campaign.folder],
        );
        folderId = folder.rows[0]!.id;
      }
      const { rows } = await client.query<{ id: string; channel: string }>(
        `INSERT INTO owned_campaigns (workspace_id, id, kind, channel, name, folder_id, source, external_id, updated_at)
         VALUES ($1, 'c' || md5(random()::text), $2, $3, $4, $5, $6, $7, now())
         ON CONFLICT (workspace_id, source, external_id)
         DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, folder_id = COALESCE(EXCLUDED.folder_id, owned_campaigns.folder_id), updated_at = now()
         RETURNING id, channel`,
        [workspaceId, campaign.kind, campaign.channel, campaign.name, folderId, source, campaign.id],
      );
      const row = rows[0]!;
      if (row.channel !== campaign.channel) {
        throw AppError.field(`campaigns.${out.length}.channel`, `The campaign "${campaign.id}" is on ${row.channel}; a campaign's channel cannot change.`, "conflict");
      }
      for (const template of campaign.templates) {
        await client.query(
          `INSERT INTO owned_templates (workspace_id, id, campaign_id, channel, name, subject, source, external_id, updated_at)
           VALUES ($1, 't' || md5(random()::text), $2, $3, $4, $5, $6, $7, now())
           ON CONFLICT (workspace_id, campaign_id, external_id) DO UPDATE SET name = EXCLUDED.name, subject = EXCLUDED.subject, updated_at = now()`,
          [workspaceId, row.id, campaign.channel, template.name, template.subject ?? null, source, template.id],
        );
      }
      out.push({ id: campaign.id, kind: campaign.kind, channel: campaign.channel, name: campaign.name, templates: campaign.templates.length });
    }
    return { campaigns: out };
  });
}

export type TResolvedTemplate = { campaignId: string; templateId: string; channel: TOwnedChannel; campaignName: string; templateName: string };

/**
 * The stored campaign and template for each (campaign, template) pair of external ids, keyed
 * "campaign\u0000template"; pairs not found are missing from the map.
 */
export async function resolveTemplates(workspaceId: string, source: TOwnedSource, pairs: readonly [string, string][]): Promise<Map<string, TResolvedTemplate>> {
  const unique = [...new Map(pairs.map((p) => [`${p[0]}\u0000${p[1]}`, p])).values()];
  const { rows } = await getPool().query<{ ce: string; te: string; campaign_id: string; template_id: string; channel: TOwnedChannel; cname: string; tname: string }>(
    `SELECT c.external_id AS ce, t.external_id AS te, c.id AS campaign_id, t.id AS template_id, c.channel, c.name AS cname, t.name AS tname
     FROM unnest($3::text[], $4::text[]) AS p(ce, te)
     JOIN owned_campaigns c ON c.workspace_id = $1 AND c.source = $2 AND c.external_id = p.ce
     JOIN owned_templates t ON t.workspace_id = $1 AND t.campaign_id = c.id AND t.external_id = p.te`,
    [workspaceId, source, unique.map((p) => p[0]), unique.map((p) => p[1])],
  );
  return new Map(rows.map((r) => [`${r.ce}\u0000${r.te}`, { campaignId: r.campaign_id, templateId: r.template_id, channel: r.channel, campaignName: r.cname, templateName: r.tname }]));
}

/** Which of the external ids name no campaign, for the field message. */
export async function knownCampaigns(workspaceId: string, source: TOwnedSource, ids: readonly string[]): Promise<Set<string>> {
  const { rows } = await getPool().query<{ external_id: string }>(
    "SELECT external_id FROM owned_campaigns WHERE workspace_id = $1 AND source = $2 AND external_id = ANY($3::text[])",
    [workspaceId, source, [...new Set(ids)]],
  );
  return new Set(rows.map((r) => r.external_id));
}

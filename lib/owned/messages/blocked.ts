import { z } from "zod";
import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { OWNED_BLOCK_REASONS, type TOwnedSource } from "../types";
import { knownCampaigns, resolveTemplates } from "./campaigns";

// Sends a rule stopped (quiet hours, a frequency cap, no consent, a bad address) are counted per
// send node (campaign or flow and template), reason and local day, not stored as sends. A count
// sent again for the same key replaces the old one, so a sender can restate a day.

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Give a day as YYYY-MM-DD.").refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "Not a calendar day.");

export const ZBlockedInputSchema = z.object({
  campaign: z.string().trim().min(1).max(200),
  template: z.string().trim().min(1).max(200),
  reason: z.enum(OWNED_BLOCK_REASONS),
  day: isoDay.describe("The workspace-local day the sends were blocked on."),
  count: z.number().int().min(0).max(100_000_000),
});
export const ZBlockedBodySchema = z.object({ blocked: z.array(ZBlockedInputSchema).min(1).max(1000) });
export const ZBlockedQuerySchema = z.object({ from: isoDay, to: isoDay });

export const ZBlockedAnswerSchema = z.object({
  blocked: z.array(z.object({ campaign: z.string(), template: z.string(), reason: z.enum(OWNED_BLOCK_REASONS), count: z.number().int() })),
});

export async function recordBlocked(workspaceId: string, input: unknown, source: TOwnedSource = "api") {
  const { blocked } = parseInput(ZBlockedBodySchema, input);
  const templates = await resolveTemplates(workspaceId, source, blocked.map((b) => [b.campaign, b.template]));
  const missing = blocked.findIndex((b) => !templates.has(`${b.campaign}\u0000${b.template}`));
  if (missing >= 0) {
    const b = blocked[missing]!;
    const known = await knownCampaigns(workspaceId, source, [b.campaign]);
    if (!known.has(b.campaign)) throw AppError.field(`blocked.${missing}.campaign`, `No campaign or flow has the id "${b.campaign}".`);
    throw AppError.field(`blocked.${missing}.template`, `The campaign "${b.campaign}" has no template "${b.template}".`);
  }
  const rows = blocked.map((b) => ({ b, t: templates.get(`${b.campaign}\u0000${b.template}`)! }));
  // Later entries for the same key win, as a second request would.
  const byKey = new Map(rows.map((r) => [`${r.t.templateId}\u0000${r.b.reason}\u0000${r.b.day}`, r]));
  const list = [...byKey.values()];
  await getPool().query(
    `INSERT INTO owned_blocked_sends (workspace_id, source, campaign_id, template_id, reason, day, count, updated_at)
     SELECT $1, $2, c, t, r, d, n, now() FROM unnest($3::text[], $4::text[], $5::text[], $6::date[], $7::int[]) AS x(c, t, r, d, n)
     ON CONFLICT (workspace_id, campaign_id, template_id, reason, day, source) DO UPDATE SET count = EXCLUDED.count, updated_at = now()`,
    [workspaceId, source, list.map((r) => r.t.campaignId), list.map((r) => r.t.templateId), list.map((r) => r.b.reason), list.map((r) => r.b.day), list.map((r) => r.b.count)],
  );
  return { accepted: blocked.length };
}

/** Blocked sends per campaign, template and reason over local days [from, to]. */
export async function blockedCounts(workspaceId: string, query: unknown) {
  const { from, to } = parseInput(ZBlockedQuerySchema, query);
  if (from > to) throw AppError.field("to", "The end day is before the start day.");
  const { rows } = await getPool().query<{ campaign: string; template: string; reason: (typeof OWNED_BLOCK_REASONS)[number]; count: string }>(
    `SELECT c.external_id AS campaign, t.external_id AS template, b.reason, sum(b.count)::text AS count
     FROM owned_blocked_sends b
     JOIN owned_campaigns c ON c.workspace_id = b.workspace_id AND c.id = b.campaign_id
     JOIN owned_templates t ON t.workspace_id = b.workspace_id AND t.id = b.template_id
     WHERE b.workspace_id = $1 AND b.day BETWEEN $2::date AND $3::date
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [workspaceId, from, to],
  );
  return { blocked: rows.map((r) => ({ ...r, count: Number(r.count) })) };
}

import { getPool } from "@/lib/db/pool";
import { defineCampaigns } from "@/lib/owned/messages/campaigns";
import { MAX_SENDS_PER_BATCH, storeSends, type TOwnedSendInput } from "@/lib/owned/messages/sends";
import { parseOffsetDateTime } from "./fields";
import type { TOwnedSendImport } from "./owned-send-rows";
import type { TImportError } from "./schema";
import type { Checked } from "./validate";

// Imported sends go through the same writes as POST .../messages/campaigns and .../sends, under
// the "csv" source: a file's campaign, message and send ids are its own id space, so a re-upload
// updates what the last one made (idempotent by send_id) and never touches the API's rows.

const SOURCE = "csv";
/** defineCampaigns takes at most this many campaigns, and this many messages each, per call. */
const CAMPAIGNS_PER_CALL = 100;
const TEMPLATES_PER_CALL = 200;

/** Rows whose campaign was stored on another channel by an earlier upload: errors on `channel`. */
export async function checkStoredOwnedSends(workspaceId: string, valid: readonly Checked<TOwnedSendImport>[]): Promise<TImportError[]> {
  if (valid.length === 0) return [];
  const { rows } = await getPool().query<{ external_id: string; channel: string }>(
    "SELECT external_id, channel FROM owned_campaigns WHERE workspace_id = $1 AND source = $2 AND external_id = ANY($3::text[])",
    [workspaceId, SOURCE, [...new Set(valid.map((v) => v.value.campaign))]],
  );
  const stored = new Map(rows.map((r) => [r.external_id, r.channel]));
  return valid.flatMap(({ candidate, value }) => {
    const channel = stored.get(value.campaign);
    if (!channel || channel === value.channel) return [];
    return [{ row: candidate.rows[0]!, field: "channel", message: `The campaign "${value.campaign}" is on ${channel} since an earlier upload; a campaign stays on one channel.` }];
  });
}

type TDefinition = { id: string; kind: "campaign" | "flow"; channel: TOwnedSendImport["channel"]; name: string; templates: { id: string; name: string; subject?: string }[] };

/** The campaigns and messages the rows name, in calls defineCampaigns accepts. */
function definitionCalls(rows: readonly TOwnedSendImport[]): TDefinition[][] {
  const campaigns = new Map<string, TDefinition & { seen: Set<string> }>();
  for (const row of rows) {
    let campaign = campaigns.get(row.campaign);
    if (!campaign) {
      campaign = { id: row.campaign, kind: row.campaign_kind ?? "campaign", channel: row.channel, name: row.campaign_name ?? row.campaign, templates: [], seen: new Set() };
      campaigns.set(row.campaign, campaign);
    }
    if (campaign.seen.has(row.template)) continue;
    campaign.seen.add(row.template);
    campaign.templates.push({ id: row.template, name: row.template_name ?? row.template, ...(row.subject ? { subject: row.subject } : {}) });
  }
  // A campaign with more messages than one call takes is defined again with the next ones: a
  // definition adds and updates messages, never removes them.
  const calls: TDefinition[][] = [];
  let round = 0;
  for (;;) {
    const batch = [...campaigns.values()]
      .filter((c) => c.templates.length > round * TEMPLATES_PER_CALL)
      .map((c) => ({ id: c.id, kind: c.kind, channel: c.channel, name: c.name, templates: c.templates.slice(round * TEMPLATES_PER_CALL, (round + 1) * TEMPLATES_PER_CALL) }));
    if (batch.length === 0) return calls;
    for (let i = 0; i < batch.length; i += CAMPAIGNS_PER_CALL) calls.push(batch.slice(i, i + CAMPAIGNS_PER_CALL));
    round++;
  }
}

function sendInput(row: TOwnedSendImport): TOwnedSendInput {
  return {
    id: row.send_id,
    campaign: row.campaign,
    template: row.template,
    sent_at: parseOffsetDateTime(row.sent_at)!,
    status: row.status ?? "sent",
    delivered_at: row.delivered_at ? parseOffsetDateTime(row.delivered_at)! : undefined,
    provider_code: row.provider_code,
    customer_id: row.customer_id,
    email: row.email,
    phone: row.phoneE164 ?? undefined,
    is_test: row.is_test,
    segments: row.segments,
    points: row.points,
  };
}

export async function applyOwnedSends(workspace: { id: string; timeZone: string }, rows: readonly TOwnedSendImport[]): Promise<void> {
  for (const campaigns of definitionCalls(rows)) await defineCampaigns(workspace.id, { campaigns }, SOURCE);
  for (let i = 0; i < rows.length; i += MAX_SENDS_PER_BATCH) {
    await storeSends(workspace, rows.slice(i, i + MAX_SENDS_PER_BATCH).map(sendInput), SOURCE);
  }
}

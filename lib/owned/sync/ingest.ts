import type { BlockedSendFact, EngagementFact, MessageTotalsFact, OwnedCatalog, SendFact } from "@/lib/connectors/contracts/owned-facts";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { TOwnedSendEventKind, TOwnedSource } from "@/lib/owned/types";
import type { SyncScope } from "@/lib/sync/scope";
import { localDate } from "@/lib/time/zone";

// Writes what a messaging platform reported into the owned-channel tables, idempotently: a
// campaign, template or send read again updates its row; an open, click, unsubscribe or complaint
// read again is recognised and not added twice. Every statement names the workspace.

type Tx = Prisma.TransactionClient;

/** A template's own ids, by the platform's message id. */
export type TemplateIds = Map<string, { templateId: string; campaignId: string }>;

export type IngestContext = SyncScope & { source: TOwnedSource; timeZone: string; currency: string };

/** The programs and messages, with their folders (one per tag name); returns the rows written. */
export async function upsertCatalog(tx: Tx, ctx: IngestContext, catalog: OwnedCatalog): Promise<number> {
  const { workspaceId } = ctx;
  const folders = new Map<string, string>();
  for (const name of new Set(catalog.programs.map((p) => p.folder).filter((f): f is string => !!f))) {
    const folder = await tx.ownedFolder.upsert({ where: { workspaceId_name: { workspaceId, name } }, create: { workspaceId, name }, update: {}, select: { id: true } });
    folders.set(name, folder.id);
  }
  const campaignIds = new Map<string, string>();
  for (const program of catalog.programs) {
    // A tagged program follows its first tag; an untagged one keeps the folder it was moved into here.
    const folderId = program.folder ? (folders.get(program.folder) ?? null) : null;
    const data = { kind: program.kind, channel: program.channel, name: program.name, connectionId: ctx.connectionId, ...(folderId ? { folderId } : {}) };
    const row = await tx.ownedCampaign.upsert({
      where: { workspaceId_source_externalId: { workspaceId, source: ctx.source, externalId: program.externalId } },
      create: { workspaceId, source: ctx.source, externalId: program.externalId, ...data },
      update: data,
      select: { id: true },
    });
    campaignIds.set(`${program.kind}:${program.externalId}`, row.id);
  }
  let written = catalog.programs.length;
  for (const template of catalog.templates) {
    const campaignId = campaignIds.get(`${template.programKind}:${template.programExternalId}`);
    if (!campaignId) continue;
    const data = { channel: template.channel, name: template.name, subject: template.subject };
    await tx.ownedTemplate.upsert({
      where: { workspaceId_campaignId_externalId: { workspaceId, campaignId, externalId: template.externalId } },
      create: { workspaceId, campaignId, source: ctx.source, externalId: template.externalId, ...data },
      update: data,
    });
    written++;
  }
  return written;
}

/** The connection's programs and messages as stored, to find the message each event names. */
export async function storedCatalog(ctx: IngestContext): Promise<{ catalog: OwnedCatalog; ids: TemplateIds }> {
  const campaigns = await db.ownedCampaign.findMany({
    where: { workspaceId: ctx.workspaceId, source: ctx.source, connectionId: ctx.connectionId },
    select: { id: true, kind: true, channel: true, name: true, externalId: true },
  });
  const byId = new Map(campaigns.map((c) => [c.id, c]));
  const templates = campaigns.length
    ? await db.ownedTemplate.findMany({
      where: { workspaceId: ctx.workspaceId, source: ctx.source, campaignId: { in: campaigns.map((c) => c.id) } },
      select: { id: true, campaignId: true, channel: true, name: true, subject: true, externalId: true },
    })
    : [];
  const ids: TemplateIds = new Map();
  const catalog: OwnedCatalog = {
    programs: campaigns.map((c) => ({
      kind: c.kind as "campaign" | "flow", externalId: c.externalId, name: c.name, channel: c.channel as never, status: "", archived: false, folder: null, sentAt: null,
    })),
    templates: [],
  };
  for (const t of templates) {
    const program = byId.get(t.campaignId)!;
    ids.set(t.externalId, { templateId: t.id, campaignId: t.campaignId });
    catalog.templates.push({
      externalId: t.externalId, programKind: program.kind as "campaign" | "flow", programExternalId: program.externalId, channel: t.channel as never, name: t.name, subject: t.subject,
    });
  }
  return { catalog, ids };
}

const dayOf = (at: Date, timeZone: string) => new Date(`${localDate(at, timeZone)}T00:00:00Z`);

/** Sends by the platform's event id: a send read again is updated in place, never added. */
async function upsertSends(tx: Tx, ctx: IngestContext, ids: TemplateIds, sends: SendFact[]): Promise<number> {
  const rows = sends.flatMap((s) => {
    const own = ids.get(s.templateExternalId);
    return own ? [{ s, own }] : [];
  });
  if (rows.length === 0) return 0;
  return tx.$executeRaw`
    INSERT INTO owned_sends (workspace_id, source, send_id, campaign_id, template_id, channel, connection_id, recipient_email_hash, recipient_phone_hash,
      sent_at, sent_day, status, delivered_at, provider_code, is_test, updated_at)
    SELECT ${ctx.workspaceId}, ${ctx.source}, r.send_id, r.campaign_id, r.template_id, r.channel, ${ctx.connectionId}, r.email_hash, r.phone_hash,
      r.sent_at, r.sent_day, r.status, CASE WHEN r.status = 'delivered' THEN r.sent_at END, r.provider_code, false, now()
    FROM unnest(${rows.map((r) => r.s.externalId)}::text[], ${rows.map((r) => r.own.campaignId)}::text[], ${rows.map((r) => r.own.templateId)}::text[],
      ${rows.map((r) => r.s.channel)}::text[], ${rows.map((r) => r.s.recipient.emailHash)}::text[], ${rows.map((r) => r.s.recipient.phoneHash)}::text[],
      ${rows.map((r) => r.s.sentAt)}::timestamp(3)[], ${rows.map((r) => dayOf(r.s.sentAt, ctx.timeZone))}::date[],
      ${rows.map((r) => (r.s.delivered ? "delivered" : "failed"))}::text[], ${rows.map((r) => r.s.providerCode)}::text[])
      AS r(send_id, campaign_id, template_id, channel, email_hash, phone_hash, sent_at, sent_day, status, provider_code)
    ON CONFLICT (workspace_id, source, send_id) DO UPDATE SET
      campaign_id = EXCLUDED.campaign_id, template_id = EXCLUDED.template_id, channel = EXCLUDED.channel,
      recipient_email_hash = EXCLUDED.recipient_email_hash, recipient_phone_hash = EXCLUDED.recipient_phone_hash,
      sent_at = EXCLUDED.sent_at, sent_day = EXCLUDED.sent_day, status = EXCLUDED.status, delivered_at = EXCLUDED.delivered_at,
      provider_code = EXCLUDED.provider_code, updated_at = now()`;
}

/**
 * The send each engagement belongs to: the same message to the same recipient (by hashed email or
 * phone), the latest sent at or before it (a flow may send a message to someone again), else the
 * first after it (the platform's clocks can disagree by seconds). Null where no send is stored.
 */
async function sendsOf(tx: Tx, ctx: IngestContext, ids: TemplateIds, engagements: EngagementFact[]): Promise<(bigint | null)[]> {
  if (engagements.length === 0) return [];
  const rows = await tx.$queryRaw<{ idx: bigint; id: bigint | null }[]>`
    SELECT e.idx, s.id
    FROM unnest(${engagements.map((e) => ids.get(e.templateExternalId)?.templateId ?? null)}::text[], ${engagements.map((e) => e.recipient.emailHash)}::text[],
      ${engagements.map((e) => e.recipient.phoneHash)}::text[], ${engagements.map((e) => e.at)}::timestamp(3)[]) WITH ORDINALITY AS e(template_id, email_hash, phone_hash, at, idx)
    LEFT JOIN LATERAL (
      SELECT s.id FROM owned_sends s
      WHERE s.workspace_id = ${ctx.workspaceId} AND s.source = ${ctx.source} AND s.template_id = e.template_id AND s.sent_at IS NOT NULL
        AND ((e.email_hash IS NOT NULL AND s.recipient_email_hash = e.email_hash) OR (e.phone_hash IS NOT NULL AND s.recipient_phone_hash = e.phone_hash))
      ORDER BY (s.sent_at <= e.at) DESC, CASE WHEN s.sent_at <= e.at THEN s.sent_at END DESC, s.sent_at ASC
      LIMIT 1
    ) s ON true
    ORDER BY e.idx`;
  return rows.map((r) => r.id);
}

const EVENT_KINDS: Record<"unsubscribe" | "complaint", TOwnedSendEventKind> = { unsubscribe: "unsubscribe", complaint: "spam_complaint" };

/**
 * Opens, clicks, unsubscribes and complaints against their sends. A platform's opens are its pixel's
 * (read again: the same send and instant is the same open); its clicks carry the platform's event id
 * as their click id; an unsubscribe or complaint is one per send.
 */
async function insertEngagements(tx: Tx, ctx: IngestContext, ids: TemplateIds, engagements: EngagementFact[]): Promise<{ written: number; unmatched: number }> {
  const sendIds = await sendsOf(tx, ctx, ids, engagements);
  const matched = engagements.flatMap((e, i) => (sendIds[i] != null ? [{ e, sendId: sendIds[i]! }] : []));
  const opens = matched.filter((m) => m.e.kind === "open");
  const clicks = matched.filter((m) => m.e.kind === "click");
  const events = matched.filter((m) => m.e.kind === "unsubscribe" || m.e.kind === "complaint");
  let written = 0;
  if (opens.length) {
    written += await tx.$executeRaw`
      INSERT INTO owned_opens (workspace_id, send_id, at, source)
      SELECT DISTINCT ${ctx.workspaceId}, o.send_id, o.at, 'pixel'
      FROM unnest(${opens.map((o) => o.sendId)}::bigint[], ${opens.map((o) => o.e.at)}::timestamp(3)[]) AS o(send_id, at)
      WHERE NOT EXISTS (SELECT 1 FROM owned_opens x WHERE x.workspace_id = ${ctx.workspaceId} AND x.send_id = o.send_id AND x.at = o.at AND x.source = 'pixel')`;
  }
  if (clicks.length) {
    written += await tx.$executeRaw`
      INSERT INTO owned_clicks (workspace_id, send_id, url, at, click_id)
      SELECT ${ctx.workspaceId}, c.send_id, c.url, c.at, c.click_id
      FROM unnest(${clicks.map((c) => c.sendId)}::bigint[], ${clicks.map((c) => c.e.url)}::text[], ${clicks.map((c) => c.e.at)}::timestamp(3)[],
        ${clicks.map((c) => `${ctx.source}_${c.e.externalId}`)}::text[]) AS c(send_id, url, at, click_id)
      ON CONFLICT (workspace_id, click_id) DO NOTHING`;
  }
  if (events.length) {
    written += await tx.$executeRaw`
      INSERT INTO owned_send_events (workspace_id, send_id, kind, at, source)
      SELECT ${ctx.workspaceId}, v.send_id, v.kind, min(v.at), ${ctx.source}
      FROM unnest(${events.map((v) => v.sendId)}::bigint[], ${events.map((v) => EVENT_KINDS[v.e.kind as "unsubscribe" | "complaint"])}::text[],
        ${events.map((v) => v.e.at)}::timestamp(3)[]) AS v(send_id, kind, at)
      GROUP BY v.send_id, v.kind
      ON CONFLICT (workspace_id, send_id, kind) DO NOTHING`;
  }
  return { written, unmatched: engagements.length - matched.length };
}

/**
 * Blocked sends reported one by one: each kept by its event id (read again, it adds nothing), then
 * the counts of the (message, reason, day) keys they fall on recounted from those rows, so the
 * report's blocked figures come from the same table whoever reported them.
 */
async function recordBlockedEvents(tx: Tx, ctx: IngestContext, ids: TemplateIds, blocked: BlockedSendFact[]): Promise<number> {
  const rows = blocked.flatMap((b) => {
    const own = ids.get(b.templateExternalId);
    return own ? [{ b, own, day: dayOf(b.at, ctx.timeZone) }] : [];
  });
  if (rows.length === 0) return 0;
  const written = await tx.$executeRaw`
    INSERT INTO owned_blocked_events (workspace_id, source, event_id, campaign_id, template_id, reason, at, day)
    SELECT ${ctx.workspaceId}, ${ctx.source}, r.event_id, r.campaign_id, r.template_id, r.reason, r.at, r.day
    FROM unnest(${rows.map((r) => r.b.externalId)}::text[], ${rows.map((r) => r.own.campaignId)}::text[], ${rows.map((r) => r.own.templateId)}::text[],
      ${rows.map((r) => r.b.reason)}::text[], ${rows.map((r) => r.b.at)}::timestamp(3)[], ${rows.map((r) => r.day)}::date[])
      AS r(event_id, campaign_id, template_id, reason, at, day)
    ON CONFLICT (workspace_id, source, event_id) DO NOTHING`;
  await tx.$executeRaw`
    INSERT INTO owned_blocked_sends (workspace_id, source, campaign_id, template_id, reason, day, count, updated_at)
    SELECT ${ctx.workspaceId}, ${ctx.source}, k.campaign_id, k.template_id, k.reason, k.day, count(e.event_id)::int, now()
    FROM (SELECT DISTINCT * FROM unnest(${rows.map((r) => r.own.campaignId)}::text[], ${rows.map((r) => r.own.templateId)}::text[],
      ${rows.map((r) => r.b.reason)}::text[], ${rows.map((r) => r.day)}::date[]) AS x(campaign_id, template_id, reason, day)) k
    JOIN owned_blocked_events e ON e.workspace_id = ${ctx.workspaceId} AND e.source = ${ctx.source} AND e.campaign_id = k.campaign_id
      AND e.template_id = k.template_id AND e.reason = k.reason AND e.day = k.day
    GROUP BY k.campaign_id, k.template_id, k.reason, k.day
    ON CONFLICT (workspace_id, campaign_id, template_id, reason, day, source) DO UPDATE SET count = EXCLUDED.count, updated_at = now()`;
  return written;
}

/** One page of events; sends first, so an open on the same page finds its send. */
export async function ingestEvents(tx: Tx, ctx: IngestContext, ids: TemplateIds, batch: { sends: SendFact[]; engagements: EngagementFact[]; blocked?: BlockedSendFact[] }) {
  const sends = await upsertSends(tx, ctx, ids, batch.sends);
  const blocked = await recordBlockedEvents(tx, ctx, ids, batch.blocked ?? []);
  const engagements = await insertEngagements(tx, ctx, ids, batch.engagements);
  return { written: sends + blocked + engagements.written, unmatched: engagements.unmatched };
}

/** The platform's totals per message, each replacing the previous read of the same message. */
export async function upsertTotals(tx: Tx, ctx: IngestContext, ids: TemplateIds, totals: MessageTotalsFact[]): Promise<number> {
  let written = 0;
  for (const t of totals) {
    const own = ids.get(t.templateExternalId);
    if (!own) continue;
    const data = {
      campaignId: own.campaignId, connectionId: ctx.connectionId, channel: t.channel, periodFrom: t.from, periodTo: t.to,
      recipients: t.recipients, delivered: t.delivered, failed: t.failed, uniqueOpens: t.uniqueOpens, uniqueClicks: t.uniqueClicks,
      unsubscribes: t.unsubscribes, spamComplaints: t.spamComplaints, conversions: t.conversions, conversionValue: t.conversionValue, currency: ctx.currency,
    };
    await tx.ownedMessageTotal.upsert({
      where: { workspaceId_source_templateId: { workspaceId: ctx.workspaceId, source: ctx.source, templateId: own.templateId } },
      create: { workspaceId: ctx.workspaceId, source: ctx.source, templateId: own.templateId, ...data },
      update: data,
    });
    written++;
  }
  return written;
}

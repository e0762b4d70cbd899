// Pure transforms from Klaviyo's JSON:API answers to owned-channel facts. Campaigns and flows
// become programs, their messages templates; the engagement metrics Klaviyo records per profile
// become sends, opens, clicks, unsubscribes and complaints; values reports become totals. Emails
// and phone numbers are hashed here, by the caller's keyed hash, and never leave readable.

import type {
  BlockedSendFact,
  BlockReason,
  EngagementFact,
  EngagementKind,
  MessageTotalsFact,
  OwnedCatalog,
  OwnedSyncChannel,
  ProgramKind,
  Recipient,
  SendFact,
  TemplateFact,
} from "../contracts/owned-facts";
import type {
  CampaignsPage,
  EventsPage,
  FlowsPage,
  KlaviyoCampaignMessage,
  KlaviyoEvent,
  KlaviyoFlowAction,
  KlaviyoMetric,
  KlaviyoProfile,
  KlaviyoTag,
  ValuesResult,
} from "./shapes";

export class KlaviyoPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KlaviyoPayloadError";
  }
}

/** Klaviyo's channel names (message definitions, send actions, report groupings) in Signalboard's. */
const CHANNELS: Record<string, OwnedSyncChannel> = {
  email: "email",
  sms: "sms",
  mobile_push: "push",
  "push-notification": "push",
  whatsapp: "whatsapp",
  "send-email": "email",
  "send-sms": "sms",
  "send-mobile-push": "push",
  "send-whatsapp": "whatsapp",
};

export const channelOf = (value: string | null | undefined): OwnedSyncChannel | null => (value ? (CHANNELS[value] ?? null) : null);

/** What each engagement metric Klaviyo tracks for its own messages means here. */
export type MetricRole =
  | { role: "send"; channel: OwnedSyncChannel; delivered: boolean }
  | { role: "blocked"; channel: OwnedSyncChannel; reason: BlockReason }
  | { role: "engagement"; kind: EngagementKind };

export const METRIC_ROLES: Readonly<Record<string, MetricRole>> = {
  "Received Email": { role: "send", channel: "email", delivered: true },
  "Bounced Email": { role: "send", channel: "email", delivered: false },
  // Klaviyo documents a dropped email as one it did not send because the address is suspicious:
  // never sent, so a blocked send for a bad address, not a failed send.
  "Dropped Email": { role: "blocked", channel: "email", reason: "bad_address" },
  "Received SMS": { role: "send", channel: "sms", delivered: true },
  "Failed to Deliver SMS": { role: "send", channel: "sms", delivered: false },
  "Received Push": { role: "send", channel: "push", delivered: true },
  "Bounced Push": { role: "send", channel: "push", delivered: false },
  "Opened Email": { role: "engagement", kind: "open" },
  "Opened Push": { role: "engagement", kind: "open" },
  "Clicked Email": { role: "engagement", kind: "click" },
  "Clicked SMS": { role: "engagement", kind: "click" },
  Unsubscribed: { role: "engagement", kind: "unsubscribe" },
  "Unsubscribed from SMS": { role: "engagement", kind: "unsubscribe" },
  "Marked Email as Spam": { role: "engagement", kind: "complaint" },
};

/** Sends are read before what recipients did with them, so an open finds its send in the same run. */
const ROLE_ORDER = (name: string) => (METRIC_ROLES[name]?.role === "engagement" ? 1 : 0);

export type TrackedMetric = { id: string; name: string };

/**
 * Klaviyo's own engagement metrics, sends first. Another integration can define a metric of the same
 * name (a custom "Clicked Email"), so only Klaviyo's count.
 */
export function trackedMetrics(metrics: KlaviyoMetric[]): TrackedMetric[] {
  return metrics
    .filter((m) => Object.hasOwn(METRIC_ROLES, m.attributes.name))
    .filter((m) => {
      const integration = m.attributes.integration;
      return !integration || integration.key === "klaviyo" || integration.name === "Klaviyo";
    })
    .map((m) => ({ id: m.id, name: m.attributes.name }))
    .sort((a, b) => ROLE_ORDER(a.name) - ROLE_ORDER(b.name) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** The metric the values reports count conversions by: Placed Order, a store integration's first. */
export function conversionMetricId(metrics: KlaviyoMetric[]): string | null {
  const placed = metrics.filter((m) => m.attributes.name === "Placed Order");
  const fromStore = placed.find((m) => m.attributes.integration?.category === "eCommerce" || m.attributes.integration?.key === "shopify");
  return (fromStore ?? placed[0])?.id ?? null;
}

const date = (value: string | null | undefined): Date | null => {
  if (!value) return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
};

const text = (value: unknown, max = 500): string | null => (typeof value === "string" && value.trim() !== "" ? value.trim().slice(0, max) : null);

function tagNames(included: unknown[] | undefined): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of included ?? []) {
    const tag = item as KlaviyoTag;
    if (tag.type === "tag" && typeof tag.attributes?.name === "string") names.set(tag.id, tag.attributes.name);
  }
  return names;
}

const firstTag = (relationships: { tags?: { data?: { id: string }[] } } | undefined, names: Map<string, string>) => {
  for (const ref of relationships?.tags?.data ?? []) {
    const name = names.get(ref.id);
    if (name) return name.slice(0, 200);
  }
  return null;
};

/** A page of campaigns (listed with `include=campaign-messages,tags`) as programs and templates. */
export function campaignsToCatalog(page: CampaignsPage): OwnedCatalog {
  const messages = new Map<string, KlaviyoCampaignMessage>();
  for (const item of page.included ?? []) if (item.type === "campaign-message") messages.set(item.id, item as KlaviyoCampaignMessage);
  const tags = tagNames(page.included);
  const catalog: OwnedCatalog = { programs: [], templates: [] };
  for (const campaign of page.data) {
    const refs = campaign.relationships?.["campaign-messages"]?.data ?? [];
    const own = refs.map((ref) => messages.get(ref.id)).filter((m): m is KlaviyoCampaignMessage => !!m);
    const channels = own.map((m) => channelOf(m.attributes.definition?.channel)).filter((c): c is OwnedSyncChannel => !!c);
    // A campaign is listed per channel; one whose messages are all of channels not measured here is left out.
    const channel = channels[0];
    if (!channel) continue;
    const a = campaign.attributes;
    catalog.programs.push({
      kind: "campaign",
      externalId: campaign.id,
      name: text(a.name, 300) ?? `Campaign ${campaign.id}`,
      channel,
      status: a.status,
      archived: a.archived === true,
      folder: firstTag(campaign.relationships, tags),
      sentAt: date(a.send_time),
    });
    for (const message of own) {
      const messageChannel = channelOf(message.attributes.definition?.channel);
      if (!messageChannel) continue;
      const definition = message.attributes.definition;
      const subject = messageChannel === "email" ? text(definition?.content?.subject) : null;
      catalog.templates.push({
        externalId: message.id,
        programKind: "campaign",
        programExternalId: campaign.id,
        channel: messageChannel,
        name: text(definition?.label, 300) ?? subject ?? text(a.name, 300) ?? `Message ${message.id}`,
        subject,
      });
    }
  }
  return catalog;
}

/** A page of flows (listed with `include=flow-actions,tags`): each send action's message is a template. */
export function flowsToCatalog(page: FlowsPage): OwnedCatalog {
  const actions = new Map<string, KlaviyoFlowAction>();
  for (const item of page.included ?? []) if (item.type === "flow-action") actions.set(item.id, item as KlaviyoFlowAction);
  const tags = tagNames(page.included);
  const catalog: OwnedCatalog = { programs: [], templates: [] };
  for (const flow of page.data) {
    const templates: TemplateFact[] = [];
    for (const ref of flow.relationships?.["flow-actions"]?.data ?? []) {
      const definition = actions.get(ref.id)?.attributes.definition;
      const channel = channelOf(definition?.type);
      const message = definition?.data?.message;
      if (!channel || !message?.id) continue;
      const subject = channel === "email" ? text(message.subject_line) : null;
      templates.push({
        externalId: message.id,
        programKind: "flow",
        programExternalId: flow.id,
        channel,
        name: text(message.name, 300) ?? subject ?? `Message ${message.id}`,
        subject,
      });
    }
    // A flow that sends nothing measurable (webhooks, list updates only) is no program here.
    if (templates.length === 0) continue;
    const a = flow.attributes;
    catalog.programs.push({
      kind: "flow",
      externalId: flow.id,
      name: text(a.name, 300) ?? `Flow ${flow.id}`,
      channel: templates[0]!.channel,
      status: a.status,
      archived: a.archived === true,
      folder: firstTag(flow.relationships, tags),
      sentAt: null,
    });
    catalog.templates.push(...templates);
  }
  return catalog;
}

export function mergeCatalogs(...catalogs: OwnedCatalog[]): OwnedCatalog {
  return { programs: catalogs.flatMap((c) => c.programs), templates: catalogs.flatMap((c) => c.templates) };
}

/** Finds the message an event names: a campaign message or flow message id, or (older events) a campaign id. */
export type MessageIndex = { template(messageId: string): TemplateFact | null; campaignTemplate(campaignId: string): TemplateFact | null };

export function indexCatalog(catalog: OwnedCatalog): MessageIndex {
  const byId = new Map(catalog.templates.map((t) => [t.externalId, t]));
  const byCampaign = new Map<string, TemplateFact>();
  for (const t of catalog.templates) if (t.programKind === "campaign" && !byCampaign.has(t.programExternalId)) byCampaign.set(t.programExternalId, t);
  return { template: (id) => byId.get(id) ?? null, campaignTemplate: (id) => byCampaign.get(id) ?? null };
}

export type Hash = (value: string) => string;

/** Why an event was left out, counted per run so the sync history can say it. */
export type Skipped = { unknownMessage: number; noProfile: number; badEvent: number };

export type EventFacts = { sends: SendFact[]; engagements: EngagementFact[]; blocked: BlockedSendFact[]; skipped: Skipped };

function recipientOf(event: KlaviyoEvent, profiles: Map<string, KlaviyoProfile>, hash: Hash): Recipient | null {
  const id = event.relationships?.profile?.data?.id;
  if (!id) return null;
  const profile = profiles.get(id)?.attributes;
  const email = text(profile?.email, 320);
  const phone = text(profile?.phone_number, 32);
  return { key: id, emailHash: email ? hash(email) : null, phoneHash: phone ? hash(phone) : null };
}

function messageOf(properties: Record<string, unknown>, index: MessageIndex): TemplateFact | null {
  const message = text(properties.$message, 100);
  if (!message) return null;
  return index.template(message) ?? (properties.$flow ? null : index.campaignTemplate(message));
}

/** Why a send failed, in Klaviyo's words: a bounce type, a failure type or an error code. */
function failureCode(properties: Record<string, unknown>): string {
  const detail = text(properties["Bounce Type"], 60) ?? text(properties["Failure Type"], 60) ?? text(properties["Error Code"], 60) ?? text(properties.$error_code, 60);
  return detail ? `klaviyo:${detail}` : "klaviyo:failed";
}

/**
 * One page of one metric's events (read with `include=profile`) as sends or engagements. Events for
 * messages the catalog does not know (a deleted campaign) or without a profile are counted and left out.
 */
export function eventsToFacts(page: EventsPage, metricName: string, index: MessageIndex, hash: Hash): EventFacts {
  const role = METRIC_ROLES[metricName];
  if (!role) throw new KlaviyoPayloadError(`"${metricName}" is not a metric Signalboard reads.`);
  const profiles = new Map<string, KlaviyoProfile>();
  for (const item of page.included ?? []) if (item.type === "profile") profiles.set(item.id, item as KlaviyoProfile);
  const out: EventFacts = { sends: [], engagements: [], blocked: [], skipped: { unknownMessage: 0, noProfile: 0, badEvent: 0 } };
  for (const event of page.data) {
    const at = date(event.attributes?.datetime);
    if (!event.id || !at) {
      out.skipped.badEvent++;
      continue;
    }
    const properties = event.attributes.event_properties ?? {};
    const template = messageOf(properties, index);
    if (!template) {
      out.skipped.unknownMessage++;
      continue;
    }
    if (role.role === "blocked") {
      // Only counted: who it was not sent to is not kept.
      const { programKind, programExternalId, externalId: templateExternalId } = template;
      out.blocked.push({ externalId: event.id, programKind, programExternalId, templateExternalId, channel: role.channel, at, reason: role.reason });
      continue;
    }
    const recipient = recipientOf(event, profiles, hash);
    if (!recipient) {
      out.skipped.noProfile++;
      continue;
    }
    const about = { programKind: template.programKind as ProgramKind, programExternalId: template.programExternalId, templateExternalId: template.externalId, recipient };
    if (role.role === "send") {
      out.sends.push({ externalId: event.id, ...about, channel: role.channel, sentAt: at, delivered: role.delivered, providerCode: role.delivered ? null : failureCode(properties) });
    } else {
      out.engagements.push({ kind: role.kind, externalId: event.id, ...about, channel: template.channel, at, url: role.kind === "click" ? text(properties.URL, 2000) : null });
    }
  }
  return out;
}

const count = (value: number | null | undefined) => (typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.round(value) : 0);

/** Money as Klaviyo reports it (a float) to a decimal string of 2 places, never a float downstream. */
const money = (value: number | null | undefined) => (typeof value === "number" && Number.isFinite(value) && value > 0 ? value.toFixed(2) : "0.00");

/** Values report rows (grouped by program, message and channel) as totals for the period asked. */
export function valuesToTotals(results: ValuesResult[], programKind: ProgramKind, range: { from: Date; to: Date }, index: MessageIndex): MessageTotalsFact[] {
  const programKey = programKind === "campaign" ? "campaign_id" : "flow_id";
  const messageKey = programKind === "campaign" ? "campaign_message_id" : "flow_message_id";
  const totals: MessageTotalsFact[] = [];
  for (const row of results) {
    const messageId = row.groupings[messageKey];
    const programId = row.groupings[programKey];
    if (!messageId || !programId) continue;
    const template = index.template(messageId);
    const channel = channelOf(row.groupings.send_channel) ?? template?.channel;
    if (!channel) continue;
    const s = row.statistics;
    totals.push({
      programKind,
      programExternalId: programId,
      templateExternalId: messageId,
      channel,
      from: range.from,
      to: range.to,
      recipients: count(s.recipients),
      delivered: count(s.delivered),
      failed: count(s.bounced_or_failed),
      uniqueOpens: count(s.opens_unique),
      uniqueClicks: count(s.clicks_unique),
      unsubscribes: count(s.unsubscribe_uniques),
      spamComplaints: count(s.spam_complaints),
      conversions: count(s.conversions),
      conversionValue: money(s.conversion_value),
    });
  }
  return totals;
}

/** The figures a values report is asked for. */
export const VALUES_STATISTICS = [
  "recipients",
  "delivered",
  "bounced_or_failed",
  "opens_unique",
  "clicks_unique",
  "unsubscribe_uniques",
  "spam_complaints",
  "conversions",
  "conversion_value",
] as const;

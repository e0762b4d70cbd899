import type { CrmContactFact, CrmDealFact, CrmOutcome, CrmStageFact } from "../contracts/crm-source";
import type { HsContact, HsDeal, HsPipelines } from "./shapes";

// HubSpot's answers -> CRM facts. Pure: tested on payloads shaped like the documentation's.

/** The deal properties a sync asks for. */
export const DEAL_PROPERTIES = [
  "dealname", "amount", "deal_currency_code", "pipeline", "dealstage", "hubspot_owner_id",
  "createdate", "closedate", "hs_lastmodifieddate", "hs_analytics_source", "hs_analytics_source_data_1",
] as const;

export const CONTACT_PROPERTIES = ["email", "phone", "createdate", "lastmodifieddate"] as const;

// A closed stage is won at full probability, lost otherwise (HubSpot's own "Closed won" is 1.0).
function outcomeOf(metadata: { isClosed?: string; probability?: string }): CrmOutcome {
  if (metadata.isClosed !== "true") return "open";
  return Number(metadata.probability) >= 1 ? "won" : "lost";
}

export function toStages(body: HsPipelines): CrmStageFact[] {
  return body.results
    .filter((pipeline) => !pipeline.archived)
    .flatMap((pipeline) =>
      [...pipeline.stages]
        .filter((stage) => !stage.archived)
        .sort((a, b) => a.displayOrder - b.displayOrder)
        .map((stage, position) => ({
          pipelineId: pipeline.id,
          pipelineLabel: pipeline.label,
          stageId: stage.id,
          label: stage.label,
          position,
          outcome: outcomeOf(stage.metadata ?? {}),
        })),
    );
}

// hs_analytics_source's values (its "original source") as channel words; the engine canonicalises
// them. Paid and social sources name the network in the first drill-down (e.g. "google").
const SOURCE_CHANNELS: Record<string, string> = {
  ORGANIC_SEARCH: "organic",
  REFERRALS: "referral",
  DIRECT_TRAFFIC: "direct",
  EMAIL_MARKETING: "email",
  OFFLINE: "crm",
};

export function channelOfSource(source: string | null, detail: string | null): string {
  if (!source) return "crm";
  const fixed = SOURCE_CHANNELS[source];
  if (fixed) return fixed;
  const network = detail?.trim().toLowerCase();
  return network ? network : "crm";
}

const text = (value: string | null | undefined): string | null => (value === undefined || value === null || value.trim() === "" ? null : value.trim());

function date(value: string | null | undefined): Date | null {
  const t = text(value);
  if (!t) return null;
  // Date properties arrive as ISO instants, older portals' as epoch milliseconds.
  const at = /^\d+$/.test(t) ? new Date(Number(t)) : new Date(t);
  return Number.isNaN(at.getTime()) ? null : at;
}

function numericId(value: string | undefined): bigint | null {
  return value && /^\d{1,18}$/.test(value) ? BigInt(value) : null;
}

export function toDeal(deal: HsDeal): CrmDealFact {
  const p = deal.properties;
  const source = text(p.hs_analytics_source);
  const history = (deal.propertiesWithHistory?.dealstage ?? [])
    .map((entry) => ({ stageId: entry.value, enteredAt: date(entry.timestamp) }))
    .filter((entry): entry is { stageId: string; enteredAt: Date } => entry.enteredAt !== null && entry.stageId !== "")
    // HubSpot lists a property's history newest first.
    .sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime());
  const createdAt = date(p.createdate) ?? new Date(deal.createdAt);
  return {
    externalId: deal.id,
    name: text(p.dealname) ?? `Deal ${deal.id}`,
    amount: text(p.amount),
    currency: text(p.deal_currency_code)?.toUpperCase() ?? null,
    pipelineId: text(p.pipeline) ?? "default",
    stageId: text(p.dealstage) ?? "",
    ownerId: text(p.hubspot_owner_id),
    source,
    channel: channelOfSource(source, text(p.hs_analytics_source_data_1)),
    contactId: numericId(deal.associations?.contacts?.results[0]?.id),
    createdAt,
    closedAt: date(p.closedate),
    updatedAt: date(p.hs_lastmodifieddate) ?? new Date(deal.updatedAt),
    stageHistory: history,
  };
}

export function toContact(contact: HsContact): CrmContactFact | null {
  const externalId = numericId(contact.id);
  if (externalId === null) return null;
  const p = contact.properties;
  return {
    externalId,
    email: text(p.email)?.toLowerCase() ?? null,
    phone: text(p.phone),
    createdAt: date(p.createdate) ?? new Date(contact.createdAt),
    updatedAt: date(p.lastmodifieddate) ?? new Date(contact.updatedAt),
  };
}

import type { CrmContactFact, CrmDealFact, CrmOutcome, CrmStageFact } from "../contracts/crm-source";
import type { B24Category, B24Contact, B24Deal, B24MultiField, B24StageMove, B24Status } from "./shapes";

// Bitrix24's answers -> CRM facts. Pure: tested on payloads shaped like the documentation's.

/** The deal fields a sync asks for ('*' would bring every custom field too). */
export const DEAL_FIELDS = [
  "ID", "TITLE", "CATEGORY_ID", "STAGE_ID", "STAGE_SEMANTIC_ID", "CURRENCY_ID", "OPPORTUNITY", "CONTACT_ID",
  "ASSIGNED_BY_ID", "DATE_CREATE", "DATE_MODIFY", "CLOSEDATE", "CLOSED", "SOURCE_ID", "UTM_SOURCE",
] as const;

/** Multiple fields (EMAIL, PHONE) are returned only when named. */
export const CONTACT_FIELDS = ["ID", "DATE_CREATE", "DATE_MODIFY", "EMAIL", "PHONE"] as const;

/** The directory holding a funnel's stages: DEAL_STAGE for the general one (id 0), DEAL_STAGE_{id} for the others. */
export const stageDirectory = (categoryId: number) => (categoryId === 0 ? "DEAL_STAGE" : `DEAL_STAGE_${categoryId}`);

function outcomeOf(semantics: string | null | undefined): CrmOutcome {
  if (semantics === "S") return "won";
  if (semantics === "F") return "lost";
  return "open";
}

export function toStages(categories: B24Category[], statuses: Map<number, B24Status[]>): CrmStageFact[] {
  return [...categories]
    .sort((a, b) => a.sort - b.sort || a.id - b.id)
    .flatMap((category) =>
      [...(statuses.get(category.id) ?? [])]
        .sort((a, b) => Number(a.SORT) - Number(b.SORT))
        .map((status, position) => ({
          pipelineId: String(category.id),
          pipelineLabel: category.name,
          stageId: status.STATUS_ID,
          label: status.NAME,
          position,
          outcome: outcomeOf(status.SEMANTICS),
        })),
    );
}

// SOURCE_ID's default values that name a channel of ours; the rest (calls, trade shows, forms,
// "other") are the sales team's own and count as crm. A UTM source, where the deal has one, wins.
const SOURCE_CHANNELS: Record<string, string> = {
  EMAIL: "email",
  PARTNER: "referral",
  RECOMMENDATION: "referral",
};

export function channelOf(utmSource: string | null, sourceId: string | null): string {
  if (utmSource) return utmSource.toLowerCase();
  return (sourceId && SOURCE_CHANNELS[sourceId]) || "crm";
}

const text = (value: string | null | undefined): string | null => (value === undefined || value === null || value.trim() === "" ? null : value.trim());

function date(value: string | null | undefined): Date | null {
  const t = text(value);
  if (!t) return null;
  const at = new Date(t);
  return Number.isNaN(at.getTime()) ? null : at;
}

function numericId(value: string | number | null | undefined): bigint | null {
  const t = value === null || value === undefined ? "" : String(value);
  // "0" is how Bitrix24 says a deal has no contact.
  return /^\d{1,18}$/.test(t) && t !== "0" ? BigInt(t) : null;
}

/** The stages a deal entered in its current funnel, oldest first. */
function historyOf(deal: B24Deal, moves: B24StageMove[]): { stageId: string; enteredAt: Date }[] {
  const category = Number(deal.CATEGORY_ID ?? 0);
  return moves
    .filter((move) => String(move.OWNER_ID) === deal.ID && Number(move.CATEGORY_ID) === category && move.STAGE_ID)
    .map((move) => ({ id: Number(move.ID), stageId: move.STAGE_ID, enteredAt: date(move.CREATED_TIME) }))
    .filter((entry): entry is { id: number; stageId: string; enteredAt: Date } => entry.enteredAt !== null)
    .sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime() || a.id - b.id)
    .map(({ stageId, enteredAt }) => ({ stageId, enteredAt }));
}

export function toDeal(deal: B24Deal, moves: B24StageMove[] = []): CrmDealFact {
  const utm = text(deal.UTM_SOURCE);
  const sourceId = text(deal.SOURCE_ID);
  const createdAt = date(deal.DATE_CREATE) ?? new Date(0);
  const closed = deal.CLOSED === "Y";
  return {
    externalId: deal.ID,
    name: text(deal.TITLE) ?? `Deal ${deal.ID}`,
    amount: text(deal.OPPORTUNITY),
    currency: text(deal.CURRENCY_ID)?.toUpperCase() ?? null,
    pipelineId: text(deal.CATEGORY_ID) ?? "0",
    stageId: text(deal.STAGE_ID) ?? "",
    ownerId: text(deal.ASSIGNED_BY_ID),
    source: utm ?? sourceId,
    channel: channelOf(utm, sourceId),
    contactId: numericId(deal.CONTACT_ID),
    createdAt,
    // CLOSEDATE is the planned close day until the deal closes; only a closed deal has closed.
    closedAt: closed ? (date(deal.CLOSEDATE) ?? date(deal.DATE_MODIFY)) : null,
    updatedAt: date(deal.DATE_MODIFY) ?? createdAt,
    stageHistory: historyOf(deal, moves),
  };
}

const firstValue = (fields: B24MultiField[] | undefined) => fields?.map((f) => text(f.VALUE)).find((v) => v !== null) ?? null;

export function toContact(contact: B24Contact): CrmContactFact | null {
  const externalId = numericId(contact.ID);
  if (externalId === null) return null;
  const createdAt = date(contact.DATE_CREATE) ?? new Date(0);
  return {
    externalId,
    email: firstValue(contact.EMAIL)?.toLowerCase() ?? null,
    phone: firstValue(contact.PHONE),
    createdAt,
    updatedAt: date(contact.DATE_MODIFY) ?? createdAt,
  };
}

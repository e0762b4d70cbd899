import type { CrmContactFact, CrmDealFact, CrmOutcome, CrmStageFact } from "../contracts/crm-source";
import type { AmoContact, AmoEvent, AmoFieldValue, AmoLead, AmoPipelines } from "./shapes";

// AmoCRM's answers -> CRM facts. Pure: tested on payloads shaped like the documentation's.

/** Every pipeline ends in these two system statuses (AmoCRM documents their ids). */
export const WON_STATUS = 142;
export const LOST_STATUS = 143;

function outcomeOf(statusId: number): CrmOutcome {
  if (statusId === WON_STATUS) return "won";
  if (statusId === LOST_STATUS) return "lost";
  return "open";
}

export function toStages(body: AmoPipelines): CrmStageFact[] {
  return [...(body._embedded?.pipelines ?? [])]
    .filter((pipeline) => !pipeline.is_archive)
    .sort((a, b) => a.sort - b.sort || a.id - b.id)
    .flatMap((pipeline) =>
      [...(pipeline._embedded?.statuses ?? [])]
        .sort((a, b) => a.sort - b.sort || a.id - b.id)
        .map((status, position) => ({
          pipelineId: String(pipeline.id),
          pipelineLabel: pipeline.name,
          stageId: String(status.id),
          label: status.name,
          position,
          outcome: outcomeOf(status.id),
        })),
    );
}

const seconds = (value: number | null | undefined): Date | null =>
  typeof value === "number" && Number.isFinite(value) && value > 0 ? new Date(value * 1000) : null;

/** The first non-empty value of the field with this code (EMAIL, PHONE, UTM_SOURCE). */
function fieldValue(fields: AmoFieldValue[] | null | undefined, code: string): string | null {
  const field = fields?.find((f) => f.field_code === code);
  for (const entry of field?.values ?? []) {
    const value = typeof entry.value === "string" || typeof entry.value === "number" ? String(entry.value).trim() : "";
    if (value) return value;
  }
  return null;
}

/** The lead's status changes, oldest first, from lead_status_changed events. */
function historyOf(lead: AmoLead, events: AmoEvent[]): { stageId: string; enteredAt: Date }[] {
  return events
    .filter((event) => event.type === "lead_status_changed" && event.entity_id === lead.id)
    .flatMap((event) => {
      const status = event.value_after?.find((v) => v.lead_status)?.lead_status;
      const at = seconds(event.created_at);
      // A move into another pipeline is that pipeline's history, not this one's.
      return status && at && status.pipeline_id === lead.pipeline_id ? [{ stageId: String(status.id), enteredAt: at }] : [];
    })
    .sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime());
}

export function toDeal(lead: AmoLead, events: AmoEvent[] = []): CrmDealFact {
  const utm = fieldValue(lead.custom_fields_values, "UTM_SOURCE");
  const createdAt = seconds(lead.created_at) ?? new Date(0);
  const contacts = lead._embedded?.contacts ?? [];
  const contact = contacts.find((c) => c.is_main) ?? contacts[0];
  return {
    externalId: String(lead.id),
    name: lead.name?.trim() || `Lead ${lead.id}`,
    // Leads carry a whole-number budget in the account's currency.
    amount: typeof lead.price === "number" && Number.isFinite(lead.price) ? String(lead.price) : null,
    currency: null,
    pipelineId: String(lead.pipeline_id),
    stageId: String(lead.status_id),
    ownerId: lead.responsible_user_id ? String(lead.responsible_user_id) : null,
    source: utm,
    channel: utm ? utm.toLowerCase() : "crm",
    contactId: contact && Number.isSafeInteger(contact.id) && contact.id > 0 ? BigInt(contact.id) : null,
    createdAt,
    closedAt: seconds(lead.closed_at),
    updatedAt: seconds(lead.updated_at) ?? createdAt,
    stageHistory: historyOf(lead, events),
  };
}

export function toContact(contact: AmoContact): CrmContactFact | null {
  if (!Number.isSafeInteger(contact.id) || contact.id <= 0) return null;
  const createdAt = seconds(contact.created_at) ?? new Date(0);
  return {
    externalId: BigInt(contact.id),
    email: fieldValue(contact.custom_fields_values, "EMAIL")?.toLowerCase() ?? null,
    phone: fieldValue(contact.custom_fields_values, "PHONE"),
    createdAt,
    updatedAt: seconds(contact.updated_at) ?? createdAt,
  };
}

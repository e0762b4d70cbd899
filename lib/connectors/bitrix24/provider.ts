import { AppError } from "@/lib/errors";
import { ConnectorError, isConnectorError } from "../common/errors";
import type { FetchLike } from "../common/http";
import type { Sleep } from "../common/retry";
import type { CheckedCrmAccount, CrmConnectionView, CrmContactFact, CrmProvider, CrmSource } from "../contracts/crm-source";
import { createBitrix24Client, PROVIDER, type Bitrix24Client } from "./client";
import type { B24Categories, B24Contact, B24Deal, B24List, B24StageHistory, B24StageMove, B24Status } from "./shapes";
import { CONTACT_FIELDS, DEAL_FIELDS, stageDirectory, toContact, toDeal, toStages } from "./transform";
import { parseWebhookUrl } from "./webhook-url";

// Bitrix24 as a CRM source, through an inbound webhook with the "crm" scope: the deal funnels and
// their stages, deals 50 a page (Bitrix24's fixed page) in id order with the stage history of the
// page's deals and the contacts they name. The cursor is the `start` Bitrix24 answers as `next`.

type Credentials = { webhookUrl: string };

/** Bitrix24's entity type id of deals. */
const DEAL_TYPE_ID = 2;

export type Bitrix24ProviderOptions = { fetch?: FetchLike; sleep?: Sleep };

function webhookOf(credentials: unknown): string {
  const url = (credentials as Partial<Credentials> | null)?.webhookUrl;
  if (typeof url !== "string" || !url) throw new ConnectorError("auth", PROVIDER, "This Bitrix24 connection holds no webhook.");
  return url;
}

/** Every move of the given deals, following Bitrix24's pages. */
async function stageMoves(client: Bitrix24Client, dealIds: string[]): Promise<B24StageMove[]> {
  const moves: B24StageMove[] = [];
  let start: number | undefined = 0;
  while (start !== undefined) {
    const page: B24StageHistory = await client.call<B24StageHistory>("crm.stagehistory.list", {
      entityTypeId: DEAL_TYPE_ID,
      order: { ID: "ASC" },
      filter: { "@OWNER_ID": dealIds.map(Number) },
      select: ["ID", "TYPE_ID", "OWNER_ID", "CREATED_TIME", "CATEGORY_ID", "STAGE_SEMANTIC_ID", "STAGE_ID"],
      start,
    });
    moves.push(...(page.result?.items ?? []));
    start = typeof page.next === "number" && page.next > start ? page.next : undefined;
  }
  return moves;
}

async function contactsOf(client: Bitrix24Client, ids: string[]): Promise<CrmContactFact[]> {
  if (ids.length === 0) return [];
  // At most 50 ids (one page of deals), so one page of contacts.
  const page = await client.call<B24List<B24Contact>>("crm.contact.list", { filter: { "@ID": ids.map(Number) }, select: CONTACT_FIELDS });
  return (page.result ?? []).flatMap((contact) => toContact(contact) ?? []);
}

function sourceFor(client: Bitrix24Client): CrmSource {
  return {
    async stages() {
      const { result } = await client.call<B24Categories>("crm.category.list", { entityTypeId: DEAL_TYPE_ID });
      const categories = result?.categories ?? [];
      const statuses = new Map<number, B24Status[]>();
      for (const category of categories) {
        const list = await client.call<B24List<B24Status>>("crm.status.list", { order: { SORT: "ASC" }, filter: { ENTITY_ID: stageDirectory(category.id) } });
        statuses.set(category.id, list.result ?? []);
      }
      return toStages(categories, statuses);
    },
    async deals(after) {
      const start = after && /^\d+$/.test(after) ? Number(after) : 0;
      // Id order keeps earlier pages in place while deals are added during a run.
      const page = await client.call<B24List<B24Deal>>("crm.deal.list", { order: { ID: "ASC" }, select: DEAL_FIELDS, start });
      const rows = page.result ?? [];
      const moves = rows.length > 0 ? await stageMoves(client, rows.map((d) => d.ID)) : [];
      const deals = rows.map((row) => toDeal(row, moves));
      const contactIds = [...new Set(deals.flatMap((deal) => (deal.contactId === null ? [] : [String(deal.contactId)])))];
      const next = typeof page.next === "number" && page.next > start ? String(page.next) : null;
      return { deals, contacts: await contactsOf(client, contactIds), next };
    },
  };
}

export function createBitrix24Provider(options: Bitrix24ProviderOptions = {}): CrmProvider {
  const clientFor = (base: string) => createBitrix24Client({ base, fetch: options.fetch, sleep: options.sleep });
  return {
    source(connection: CrmConnectionView) {
      return sourceFor(clientFor(parseStored(webhookOf(connection.credentials))));
    },
    async connectWithSecret(input): Promise<CheckedCrmAccount> {
      const webhook = parseWebhookUrl(input.webhookUrl);
      const client = clientFor(webhook.base);
      try {
        // The funnels prove the "crm" scope now rather than at the first sync.
        await client.call<B24Categories>("crm.category.list", { entityTypeId: DEAL_TYPE_ID });
        const currency = await client.call<{ result: string }>("crm.currency.base.get");
        return {
          externalAccountId: webhook.portal,
          displayName: `Bitrix24 ${webhook.portal}`,
          timeZone: null,
          currency: typeof currency.result === "string" && currency.result ? currency.result.toUpperCase() : null,
          credentials: { webhookUrl: webhook.base } satisfies Credentials,
          scopes: ["crm"],
        };
      } catch (error) {
        if (isConnectorError(error) && (error.kind === "auth" || error.kind === "permission" || error.kind === "not_found")) {
          throw AppError.field("webhookUrl", error.message);
        }
        throw error;
      }
    },
  };
}

function parseStored(url: string): string {
  try {
    return parseWebhookUrl(url).base;
  } catch {
    throw new ConnectorError("auth", PROVIDER, "This Bitrix24 connection's webhook address is not one Signalboard can call.");
  }
}

export const provider = createBitrix24Provider();

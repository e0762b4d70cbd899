import { AppError } from "@/lib/errors";
import { ConnectorError, isConnectorError } from "../common/errors";
import type { CheckedCrmAccount, CrmConnectionView, CrmContactFact, CrmProvider, CrmSource } from "../contracts/crm-source";
import { createAmoClient, exchangeCode, type AmoClient, type AmoCredentials, type AmoHttp } from "./client";
import { accountDomain, amoAppConfig, PROVIDER, requireAmoConfig, type AmoAppConfig } from "./config";
import type { AmoAccount, AmoContact, AmoEvent, AmoLead, AmoPage, AmoPipelines } from "./shapes";
import { toContact, toDeal, toStages } from "./transform";

// AmoCRM (Kommo) as a CRM source, connected by OAuth 2: the pipelines with their statuses, leads
// 50 a page in id order with their contacts, the stage moves of the page's leads from the events
// list, and the contacts those leads name. The cursor is the page number AmoCRM's `_links.next`
// names.

export const LEADS_PAGE_SIZE = 50;
/** The events filter takes at most 10 entity ids. */
const EVENT_IDS_PER_CALL = 10;

export type AmoProviderOptions = AmoHttp & { config?: () => AmoAppConfig | null; now?: () => number };

function credentialsOf(stored: unknown): AmoCredentials {
  const c = (stored ?? {}) as Partial<AmoCredentials>;
  if (![c.baseDomain, c.accessToken, c.refreshToken, c.expiresAt, c.redirectUri].every((v) => typeof v === "string" && v)) {
    throw new ConnectorError("auth", PROVIDER, "This AmoCRM connection holds no usable authorisation.");
  }
  return { ...(c as AmoCredentials), baseDomain: accountDomain(c.baseDomain) };
}

const pageOf = (next: string | undefined): string | null => {
  if (!next) return null;
  try {
    const page = new URL(next).searchParams.get("page");
    return page && /^\d+$/.test(page) ? page : null;
  } catch {
    return null;
  }
};

async function stageMoves(client: AmoClient, leadIds: number[]): Promise<AmoEvent[]> {
  const events: AmoEvent[] = [];
  for (let i = 0; i < leadIds.length; i += EVENT_IDS_PER_CALL) {
    const ids = leadIds.slice(i, i + EVENT_IDS_PER_CALL);
    let page: string | null = "1";
    while (page) {
      const body: AmoPage<"events", AmoEvent> | null = await client.get<AmoPage<"events", AmoEvent>>("/api/v4/events", [
        ["filter[type]", "lead_status_changed"],
        ["filter[entity]", "lead"],
        ...ids.map((id): [string, string] => ["filter[entity_id][]", String(id)]),
        ["limit", "100"],
        ["page", page],
      ]);
      events.push(...(body?._embedded?.events ?? []));
      const next = pageOf(body?._links?.next?.href);
      page = next && Number(next) > Number(page) ? next : null;
    }
  }
  return events;
}

async function contactsOf(client: AmoClient, ids: number[]): Promise<CrmContactFact[]> {
  if (ids.length === 0) return [];
  // At most 50 ids (one page of leads), under AmoCRM's 250 a page.
  const body = await client.get<AmoPage<"contacts", AmoContact>>("/api/v4/contacts", [...ids.map((id): [string, string] => ["filter[id][]", String(id)]), ["limit", "250"]]);
  return (body?._embedded?.contacts ?? []).flatMap((contact) => toContact(contact) ?? []);
}

function sourceFor(client: AmoClient): CrmSource {
  return {
    async stages() {
      const body = await client.get<AmoPipelines>("/api/v4/leads/pipelines");
      return body ? toStages(body) : [];
    },
    async deals(after) {
      const page = after && /^\d+$/.test(after) ? after : "1";
      const body = await client.get<AmoPage<"leads", AmoLead>>("/api/v4/leads", [
        ["with", "contacts"], ["limit", String(LEADS_PAGE_SIZE)], ["page", page], ["order[id]", "asc"],
      ]);
      const leads = (body?._embedded?.leads ?? []).filter((lead) => !lead.is_deleted);
      const events = leads.length > 0 ? await stageMoves(client, leads.map((l) => l.id)) : [];
      const deals = leads.map((lead) => toDeal(lead, events));
      const contactIds = [...new Set(deals.flatMap((deal) => (deal.contactId === null ? [] : [Number(deal.contactId)])))];
      const next = pageOf(body?._links?.next?.href);
      return { deals, contacts: await contactsOf(client, contactIds), next: next && Number(next) > Number(page) ? next : null };
    },
  };
}

export function createAmoProvider(options: AmoProviderOptions = {}): CrmProvider {
  const config = options.config ?? amoAppConfig;
  const http: AmoHttp = { fetch: options.fetch, sleep: options.sleep, timeoutMs: options.timeoutMs, attempts: options.attempts };
  return {
    source(connection: CrmConnectionView) {
      const save = connection.saveCredentials;
      const client = createAmoClient({
        credentials: credentialsOf(connection.credentials),
        config: config(),
        http,
        now: options.now,
        onRenewed: save ? (renewed) => save(renewed) : undefined,
      });
      return sourceFor(client);
    },
    async connectWithSecret(): Promise<CheckedCrmAccount> {
      throw AppError.field("provider", "AmoCRM is connected by signing in to it, not with a pasted key.");
    },
    async connectWithCode(input): Promise<CheckedCrmAccount> {
      const app = requireAmoConfig(config());
      const baseDomain = accountDomain(input.referer);
      const credentials = await exchangeCode(app, { baseDomain, code: input.code, redirectUri: input.redirectUri }, http, options.now);
      const client = createAmoClient({ credentials, config: app, http, now: options.now });
      const account = await client.get<AmoAccount>("/api/v4/account", [["with", "datetime_settings"]]);
      if (!account || typeof account.id !== "number") throw new ConnectorError("bad_response", PROVIDER, "AmoCRM did not describe the account.");
      // The leads scope is checked now, not at the first sync.
      await client.get<AmoPipelines>("/api/v4/leads/pipelines");
      return {
        externalAccountId: String(account.id),
        displayName: `AmoCRM ${account.name || account.subdomain}`.slice(0, 200),
        timeZone: account._embedded?.datetime_settings?.timezone ?? null,
        currency: account.currency ? account.currency.toUpperCase() : null,
        credentials,
        scopes: ["crm"],
      };
    },
  };
}

/** A refusal while connecting, as the callback tells it. */
export const isRefusal = (error: unknown) => isConnectorError(error) && (error.kind === "auth" || error.kind === "permission");

export const provider = createAmoProvider();

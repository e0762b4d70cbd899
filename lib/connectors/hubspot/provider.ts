import { z } from "zod";
import { AppError } from "@/lib/errors";
import { ConnectorError, isConnectorError } from "../common/errors";
import type { FetchLike } from "../common/http";
import type { Sleep } from "../common/retry";
import type { CheckedCrmAccount, CrmConnectionView, CrmContactFact, CrmProvider, CrmSource } from "../contracts/crm-source";
import { createHubSpotClient, PROVIDER, type HubSpotClient } from "./client";
import type { HsAccountDetails, HsContactsBatch, HsDealsPage, HsPipelines } from "./shapes";
import { CONTACT_PROPERTIES, DEAL_PROPERTIES, toContact, toDeal, toStages } from "./transform";

// HubSpot as a CRM source: the deal pipelines, deals 50 a page with their stage history and
// contacts (HubSpot returns property history for at most 50 records a page), and the contacts
// those deals name in one batch read. Connected by pasting a private app's access token.

/** HubSpot's ceiling for a list page that asks for property history. */
export const DEALS_PAGE_SIZE = 50;

type Credentials = { token: string };

const ZToken = z.object({
  token: z.string().trim().min(1, "Paste the private app's access token.").max(500, "That is longer than a HubSpot access token."),
});

export type HubSpotProviderOptions = { fetch?: FetchLike; sleep?: Sleep; baseUrl?: string };

function tokenOf(credentials: unknown): string {
  const token = (credentials as Partial<Credentials> | null)?.token;
  if (typeof token !== "string" || !token) throw new ConnectorError("auth", PROVIDER, "This HubSpot connection holds no access token.");
  return token;
}

function sourceFor(client: HubSpotClient): CrmSource {
  return {
    async stages() {
      return toStages(await client.get<HsPipelines>("/crm/v3/pipelines/deals"));
    },
    async deals(after) {
      const page = await client.get<HsDealsPage>("/crm/v3/objects/deals", {
        limit: String(DEALS_PAGE_SIZE),
        after: after ?? undefined,
        properties: DEAL_PROPERTIES.join(","),
        propertiesWithHistory: "dealstage",
        associations: "contacts",
        archived: "false",
      });
      const deals = page.results.map(toDeal);
      const ids = [...new Set(deals.flatMap((deal) => (deal.contactId === null ? [] : [String(deal.contactId)])))];
      let contacts: CrmContactFact[] = [];
      if (ids.length > 0) {
        const batch = await client.post<HsContactsBatch>("/crm/v3/objects/contacts/batch/read", {
          properties: CONTACT_PROPERTIES,
          inputs: ids.map((id) => ({ id })),
        });
        contacts = batch.results.flatMap((contact) => toContact(contact) ?? []);
      }
      return { deals, contacts, next: page.paging?.next?.after ?? null };
    },
  };
}

export function createHubSpotProvider(options: HubSpotProviderOptions = {}): CrmProvider {
  const clientFor = (token: string) => createHubSpotClient({ token, fetch: options.fetch, sleep: options.sleep, baseUrl: options.baseUrl });
  return {
    source(connection: CrmConnectionView) {
      return sourceFor(clientFor(tokenOf(connection.credentials)));
    },
    async connectWithSecret(input): Promise<CheckedCrmAccount> {
      const parsed = ZToken.safeParse(input);
      if (!parsed.success) throw AppError.field("token", parsed.error.issues[0]?.message ?? "Paste the private app's access token.");
      const client = clientFor(parsed.data.token);
      try {
        const account = await client.get<HsAccountDetails>("/account-info/v3/details");
        // The deals scope is checked now, not at the first sync.
        await client.get<HsPipelines>("/crm/v3/pipelines/deals");
        return {
          externalAccountId: String(account.portalId),
          displayName: `HubSpot ${account.portalId}`,
          timeZone: account.timeZone ?? null,
          currency: account.companyCurrency?.toUpperCase() ?? null,
          credentials: { token: parsed.data.token } satisfies Credentials,
          scopes: ["crm.objects.deals.read", "crm.objects.contacts.read"],
        };
      } catch (error) {
        if (isConnectorError(error) && (error.kind === "auth" || error.kind === "permission")) throw AppError.field("token", error.message);
        throw error;
      }
    },
  };
}

export const provider = createHubSpotProvider();

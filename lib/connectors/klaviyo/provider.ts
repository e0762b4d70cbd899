// The Klaviyo provider: its API for one connection, and the paste-a-private-key connect check.

import { keyedHash } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";
import { ConnectorError } from "../common/errors";
import type { FetchLike } from "../common/http";
import type { ApiKeyConnect, OwnedConnectionView, OwnedSourceProvider } from "../contracts/owned-source";
import { createKlaviyoClient, type KlaviyoClient } from "./client";
import type { AccountsPage } from "./shapes";
import { createKlaviyoSource } from "./source";

/** What a Klaviyo connection keeps, sealed. */
export type KlaviyoCredentials = { mode: "private_key"; apiKey: string };

export function isKlaviyoCredentials(value: unknown): value is KlaviyoCredentials {
  const c = value as Partial<KlaviyoCredentials> | null;
  return !!c && c.mode === "private_key" && typeof c.apiKey === "string";
}

// Private keys are "pk_" and a long random part; a public key (six characters, the site id) cannot read.
const PRIVATE_KEY = /^pk_[A-Za-z0-9_]{16,200}$/;

/** The zones Klaviyo names (US/Eastern and other aliases) as the IANA zone they are, or UTC. */
function zoneOf(value: string | null | undefined): string {
  if (!value) return "UTC";
  try {
    return new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return "UTC";
  }
}

const currencyOf = (value: string | null | undefined) => (value && /^[A-Z]{3}$/.test(value.toUpperCase()) ? value.toUpperCase() : "USD");

export type KlaviyoOptions = { fetch?: FetchLike; sleep?: (ms: number) => Promise<void> };

function clientFor(apiKey: string, options: KlaviyoOptions): KlaviyoClient {
  return createKlaviyoClient({ apiKey, fetch: options.fetch, sleep: options.sleep });
}

/**
 * Checks a pasted private key with Klaviyo's cheapest call (the account it belongs to, which also
 * says the account's zone and currency) and one listing the sync needs (metrics). A refused or
 * malformed key is a field error; nothing is stored until both calls have answered.
 */
export function checkApiKey(options: KlaviyoOptions = {}): ApiKeyConnect {
  return async (input) => {
    const apiKey = typeof input.apiKey === "string" ? input.apiKey.trim() : "";
    if (!apiKey) throw AppError.field("apiKey", "Paste a Klaviyo private API key.");
    if (!PRIVATE_KEY.test(apiKey)) {
      throw AppError.field("apiKey", "That is not a Klaviyo private API key: make one under Settings › API keys (it starts with pk_), with read access.");
    }
    const client = clientFor(apiKey, options);
    try {
      const accounts = await client.get<AccountsPage>("accounts");
      const account = accounts.data[0];
      if (!account) throw AppError.field("apiKey", "Klaviyo answered without an account for this key.");
      await client.get("metrics");
      const a = account.attributes;
      const name = a.contact_information?.organization_name?.trim() || a.contact_information?.default_sender_name?.trim() || `Klaviyo ${account.id}`;
      return {
        externalAccountId: account.id,
        displayName: name.slice(0, 200),
        timeZone: zoneOf(a.timezone),
        currency: currencyOf(a.preferred_currency),
        credentials: { mode: "private_key", apiKey } satisfies KlaviyoCredentials,
        scopes: ["accounts:read", "campaigns:read", "flows:read", "metrics:read", "events:read", "profiles:read"],
      };
    } catch (error) {
      if (error instanceof ConnectorError) throw AppError.field("apiKey", error.message);
      throw error;
    }
  };
}

function credentialsOf(connection: OwnedConnectionView): KlaviyoCredentials {
  if (!isKlaviyoCredentials(connection.credentials)) {
    throw new ConnectorError("auth", "klaviyo", "This Klaviyo connection has no API key: paste a new private key.");
  }
  return connection.credentials;
}

export function createKlaviyoProvider(options: KlaviyoOptions = {}): OwnedSourceProvider {
  return {
    async source(connection) {
      return createKlaviyoSource(clientFor(credentialsOf(connection).apiKey, options), keyedHash);
    },
    connectWithKey: checkApiKey(options),
  };
}

export const provider: OwnedSourceProvider = createKlaviyoProvider();

import { ConnectorError } from "../common/errors";

// Where Meta's Graph API lives and the app's credentials. The version is pinned so a Graph
// release never changes field shapes under a running sync; Meta keeps each version for about two
// years after the next one ships.

export const GRAPH_VERSION = "v25.0";
export const GRAPH_HOST = "graph.facebook.com";
export const GRAPH_BASE = `https://${GRAPH_HOST}/${GRAPH_VERSION}`;
export const DIALOG_URL = `https://www.facebook.com/${GRAPH_VERSION}/dialog/oauth`;

/** Read-only: ad accounts and their insights. */
export const META_SCOPES = ["ads_read", "read_insights"] as const;

export type MetaAppConfig = { appId: string; appSecret: string };

export function metaAppConfig(): MetaAppConfig | null {
  const appId = process.env.META_APP_ID?.trim();
  const appSecret = process.env.META_APP_SECRET?.trim();
  return appId && appSecret ? { appId, appSecret } : null;
}

export function requireMetaConfig(config: MetaAppConfig | null): MetaAppConfig {
  if (!config) throw new ConnectorError("bad_request", "meta_ads", "Meta Ads is not configured on this server: set META_APP_ID and META_APP_SECRET.");
  return config;
}

/** Graph paths address ad accounts as act_<id>; the account picker shows the same form. */
export function adAccountPath(accountId: string): string {
  return accountId.startsWith("act_") ? accountId : `act_${accountId}`;
}

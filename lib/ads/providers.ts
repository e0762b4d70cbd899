import type { AdProvider, AdSourceProvider } from "@/lib/connectors/contracts/ad-source";
import { ConnectorError } from "@/lib/connectors/common/errors";
import type { Prisma } from "@/lib/db/generated/client";

// Which AdSourceProvider serves a connection. Providers are imported on first use, so a process
// that never syncs Meta never loads Meta's client; demo connections get the generated accounts.

export const AD_PROVIDERS = ["google_ads", "meta_ads", "tiktok_ads", "google_analytics"] as const satisfies readonly AdProvider[];

export function isAdProvider(provider: string): provider is AdProvider {
  return (AD_PROVIDERS as readonly string[]).includes(provider);
}

/** How the connection page and alerts name a platform, and the company whose access it is. */
export const PLATFORMS: Record<AdProvider, { label: string; company: string }> = {
  google_ads: { label: "Google Ads", company: "Google" },
  meta_ads: { label: "Meta Ads", company: "Meta" },
  tiktok_ads: { label: "TikTok Ads", company: "TikTok" },
  google_analytics: { label: "Google Analytics", company: "Google" },
};

const loaders: Record<AdProvider, () => Promise<AdSourceProvider>> = {
  google_ads: async () => (await import("@/lib/connectors/google/ads-provider")).provider,
  meta_ads: async () => (await import("@/lib/connectors/meta/provider")).provider,
  tiktok_ads: async () => (await import("@/lib/connectors/tiktok/provider")).provider,
  google_analytics: async () => (await import("@/lib/connectors/google/ga4-provider")).provider,
};

/** The real provider of a platform. */
export async function adProvider(provider: AdProvider): Promise<AdSourceProvider> {
  const load = loaders[provider];
  if (!load) throw new ConnectorError("bad_request", provider, `${String(provider)} is not an ad or analytics platform Signalboard syncs.`);
  return load();
}

export function isDemoConnection(connection: { settings: Prisma.JsonValue }): boolean {
  const settings = connection.settings;
  return typeof settings === "object" && settings !== null && !Array.isArray(settings) && settings.demo === true;
}

/** The provider behind one connection: the generated demo account, or the platform itself. */
export async function providerForConnection(connection: { workspaceId: string; provider: AdProvider; settings: Prisma.JsonValue }): Promise<AdSourceProvider> {
  if (isDemoConnection(connection)) {
    const { demoSourceForWorkspace } = await import("@/lib/connectors/demo-ads/source");
    return demoSourceForWorkspace(connection.workspaceId, connection.provider);
  }
  return adProvider(connection.provider);
}

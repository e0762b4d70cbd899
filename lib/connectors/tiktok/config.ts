import { ConnectorError } from "../common/errors";

// TikTok API for Business (the Marketing API), v1.3, and the app's credentials.

export const TIKTOK_HOST = "business-api.tiktok.com";
export const TIKTOK_API_BASE = `https://${TIKTOK_HOST}/open_api/v1.3`;
export const TIKTOK_AUTH_URL = `https://${TIKTOK_HOST}/portal/auth`;

export type TikTokAppConfig = { appId: string; appSecret: string };

export function tiktokAppConfig(): TikTokAppConfig | null {
  const appId = process.env.TIKTOK_APP_ID?.trim();
  const appSecret = process.env.TIKTOK_APP_SECRET?.trim();
  return appId && appSecret ? { appId, appSecret } : null;
}

export function requireTikTokConfig(config: TikTokAppConfig | null): TikTokAppConfig {
  if (!config) throw new ConnectorError("bad_request", "tiktok_ads", "TikTok Ads is not configured on this server: set TIKTOK_APP_ID and TIKTOK_APP_SECRET.");
  return config;
}

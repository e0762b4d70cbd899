// The Google Cloud OAuth client is the one used for "Continue with Google" (README: GOOGLE_CLIENT_ID
// and GOOGLE_CLIENT_SECRET); connecting Google Ads or GA4 only asks it for more scopes. Google Ads
// also needs the manager account's developer token. Unset: only the demo accounts can be connected.

export type GoogleClientConfig = { clientId: string; clientSecret: string };

export const GOOGLE_NOT_CONFIGURED = "Google is not configured on this server: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET.";
export const DEVELOPER_TOKEN_MISSING = "Google Ads is not configured on this server: set GOOGLE_ADS_DEVELOPER_TOKEN.";

export function googleClientConfig(): GoogleClientConfig | null {
  const clientId = process.env.GOOGLE_CLIENT_ID?.trim();
  const clientSecret = process.env.GOOGLE_CLIENT_SECRET?.trim();
  return clientId && clientSecret ? { clientId, clientSecret } : null;
}

export function googleAdsDeveloperToken(): string | null {
  return process.env.GOOGLE_ADS_DEVELOPER_TOKEN?.trim() || null;
}

/** One consent covers both products, so a workspace connecting both signs in to Google once. */
export const GOOGLE_SCOPES = [
  "https://www.googleapis.com/auth/adwords",
  "https://www.googleapis.com/auth/analytics.readonly",
] as const;

/** Pinned deliberately: each major version lives about a year (v26: October 2026 to November 2027). */
export const GOOGLE_ADS_API_VERSION = "v26";
export const GOOGLE_ADS_BASE_URL = `https://googleads.googleapis.com/${GOOGLE_ADS_API_VERSION}`;
export const GA4_ADMIN_BASE_URL = "https://analyticsadmin.googleapis.com/v1beta";
export const GA4_DATA_BASE_URL = "https://analyticsdata.googleapis.com/v1beta";

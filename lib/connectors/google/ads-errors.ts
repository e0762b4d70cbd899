import { ConnectorError, type ConnectorErrorKind } from "@/lib/connectors/common/errors";
import { detailOfType, durationMs, readGoogleApiError } from "./api-error";

// Google Ads failures carry a GoogleAdsFailure detail whose errors name a category and a code
// ({"errorCode": {"authorizationError": "USER_PERMISSION_DENIED"}}); the category decides what the
// connection page tells the user. Without one, the gRPC status decides.

export const ADS_PROVIDER = "google_ads";

type AdsErrorCode = { category: string; code: string; message: string; retryDelayMs: number | null };

function firstAdsError(details: Record<string, unknown> | null): AdsErrorCode | null {
  const errors = details && Array.isArray(details.errors) ? details.errors : [];
  for (const entry of errors as Record<string, unknown>[]) {
    const errorCode = entry?.errorCode as Record<string, unknown> | undefined;
    const category = errorCode ? Object.keys(errorCode)[0] : undefined;
    if (!category) continue;
    const quota = (entry.details as Record<string, unknown> | undefined)?.quotaErrorDetails as Record<string, unknown> | undefined;
    return {
      category,
      code: String(errorCode![category]),
      message: typeof entry.message === "string" ? entry.message : "",
      retryDelayMs: durationMs(quota?.retryDelay),
    };
  }
  return null;
}

const AUTH_CODES_MEANING_NOT_FOUND = new Set(["CUSTOMER_NOT_FOUND"]);
const AUTH_CODES_MEANING_PERMISSION = new Set(["NOT_ADS_USER", "TWO_STEP_VERIFICATION_NOT_ENROLLED", "ADVANCED_PROTECTION_NOT_ENROLLED"]);

function byCode(error: AdsErrorCode): { kind: ConnectorErrorKind; message: string } | null {
  const { category, code } = error;
  if (category === "authenticationError") {
    if (AUTH_CODES_MEANING_NOT_FOUND.has(code)) return { kind: "not_found", message: "This Google Ads account no longer exists. Pick another account or remove the connection." };
    if (AUTH_CODES_MEANING_PERMISSION.has(code)) return { kind: "permission", message: "The Google account that connected cannot use Google Ads. Reconnect with a Google account that has access to the ad account." };
    return { kind: "auth", message: "Google Ads no longer accepts this connection's sign-in. Reconnect Google Ads." };
  }
  if (category === "authorizationError") {
    if (code === "CUSTOMER_NOT_ENABLED") return { kind: "not_found", message: "This Google Ads account is cancelled or not yet enabled. Re-enable it in Google Ads, or pick another account." };
    if (code.startsWith("DEVELOPER_TOKEN")) return { kind: "permission", message: `Google Ads refused this server's developer token (${code}). An operator must fix GOOGLE_ADS_DEVELOPER_TOKEN.` };
    return { kind: "permission", message: "The Google account that connected has no access to this Google Ads account. Ask an admin of the ad account to grant access, or reconnect with an account that has it." };
  }
  if (category === "quotaError") return { kind: "rate_limited", message: "Google Ads' request quota is used up for now; the sync will continue when it resets." };
  if (category === "internalError") return { kind: "transient", message: "Google Ads had an internal error; it will be retried." };
  if (category === "requestError" || category === "queryError") return { kind: "bad_request", message: `Google Ads rejected the request (${code}).` };
  return null;
}

function byStatus(status: string | null, httpStatus: number): { kind: ConnectorErrorKind; message: string } | null {
  if (status === "UNAUTHENTICATED" || httpStatus === 401) return { kind: "auth", message: "Google Ads no longer accepts this connection's sign-in. Reconnect Google Ads." };
  if (status === "PERMISSION_DENIED") return { kind: "permission", message: "Google Ads denied access to this account. Check that the connected Google account still has access." };
  if (status === "NOT_FOUND") return { kind: "not_found", message: "Google Ads could not find this account." };
  if (status === "RESOURCE_EXHAUSTED") return { kind: "rate_limited", message: "Google Ads' request quota is used up for now; the sync will continue when it resets." };
  if (status === "INTERNAL" || status === "UNAVAILABLE" || status === "DEADLINE_EXCEEDED") return { kind: "transient", message: `Google Ads is unavailable (${status}); it will be retried.` };
  return null;
}

/** requestJson's classify hook for Google Ads; null leaves the decision to the HTTP status. */
export function classifyAdsError(httpStatus: number, body: unknown): ConnectorError | null {
  const error = readGoogleApiError(body);
  if (!error) return null;
  const adsError = firstAdsError(detailOfType(error, "GoogleAdsFailure"));
  const decided = (adsError && byCode(adsError)) ?? byStatus(error.status, httpStatus);
  if (!decided) return null;
  return new ConnectorError(decided.kind, ADS_PROVIDER, decided.message, {
    providerCode: adsError ? `${adsError.category}.${adsError.code}` : error.status,
    status: httpStatus,
    retryAfterMs: decided.kind === "rate_limited" ? (adsError?.retryDelayMs ?? null) : null,
  });
}

import { ConnectorError } from "@/lib/connectors/common/errors";
import { nextLocalHour } from "@/lib/time/zone";
import { readGoogleApiError } from "./api-error";

// GA4's Data and Admin APIs answer errors as google.rpc.Status. Quotas are token buckets per
// property: the hourly and daily ones are not worth waiting for inside a run (daily ones reset at
// midnight Pacific time), so their retry time is when they refill; a concurrency limit clears in
// seconds and is retried with the usual backoff.

export const GA4_PROVIDER = "google_analytics";
const QUOTA_ZONE = "America/Los_Angeles";

export function quotaRetryMs(message: string, now: Date): number | null {
  if (/per day/i.test(message)) return nextLocalHour(now, QUOTA_ZONE, 0).getTime() - now.getTime();
  if (/per hour/i.test(message)) {
    const nextHour = new Date(now);
    nextHour.setUTCMinutes(60, 0, 0);
    return nextHour.getTime() - now.getTime();
  }
  return null;
}

export function createGa4Classifier(now: () => number = Date.now) {
  return function classifyGa4Error(httpStatus: number, body: unknown): ConnectorError | null {
    const error = readGoogleApiError(body);
    if (!error) return null;
    const extra = { providerCode: error.status, status: httpStatus };
    switch (error.status) {
      case "UNAUTHENTICATED":
        return new ConnectorError("auth", GA4_PROVIDER, "Google Analytics no longer accepts this connection's sign-in. Reconnect Google Analytics.", extra);
      case "PERMISSION_DENIED":
        return new ConnectorError("permission", GA4_PROVIDER, "The Google account that connected has no access to this Google Analytics property. Ask a property admin to grant at least Viewer access, or reconnect with an account that has it.", extra);
      case "NOT_FOUND":
        return new ConnectorError("not_found", GA4_PROVIDER, "This Google Analytics property no longer exists. Pick another property or remove the connection.", extra);
      case "RESOURCE_EXHAUSTED":
        return new ConnectorError("rate_limited", GA4_PROVIDER, `Google Analytics' quota for this property is used up (${error.message || "resource exhausted"}); the sync will continue when it refills.`, {
          ...extra,
          retryAfterMs: quotaRetryMs(error.message, new Date(now())),
        });
      case "INVALID_ARGUMENT":
      case "FAILED_PRECONDITION":
        return new ConnectorError("bad_request", GA4_PROVIDER, `Google Analytics rejected the request: ${error.message || error.status}.`, extra);
      default:
        return null;
    }
  };
}

// Google APIs answer errors as {"error": {code, message, status, details[]}} (google.rpc.Status).
// A streaming method (Google Ads searchStream) wraps answers in an array, and an error that happens
// mid-stream arrives as the array's last element, under a 200.

export type GoogleApiError = {
  code: number | null;
  message: string;
  status: string | null;
  details: Record<string, unknown>[];
};

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function readGoogleApiError(body: unknown): GoogleApiError | null {
  const holders = Array.isArray(body) ? body : [body];
  for (const holder of holders) {
    const error = asRecord(asRecord(holder)?.error);
    if (!error) continue;
    return {
      code: typeof error.code === "number" ? error.code : null,
      message: typeof error.message === "string" ? error.message : "",
      status: typeof error.status === "string" ? error.status : null,
      details: Array.isArray(error.details) ? error.details.map(asRecord).filter((d): d is Record<string, unknown> => d !== null) : [],
    };
  }
  return null;
}

/** A detail of the given protobuf type ("google.ads.googleads.v26.errors.GoogleAdsFailure" ends with "GoogleAdsFailure"). */
export function detailOfType(error: GoogleApiError, typeSuffix: string): Record<string, unknown> | null {
  return error.details.find((d) => typeof d["@type"] === "string" && (d["@type"] as string).endsWith(typeSuffix)) ?? null;
}

/** protobuf Duration text ("30s", "1.5s") -> milliseconds. */
export function durationMs(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match ? Math.round(Number(match[1]) * 1000) : null;
}

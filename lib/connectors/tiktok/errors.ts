import { ConnectorError } from "../common/errors";

// TikTok answers HTTP 200 with {code, message, request_id, data}; code 0 is success and anything
// else is a failure whatever the HTTP status:
//   40102, 40104, 40105     access token expired, missing or invalid -> auth (reconnect)
//   40001, 40002            no permission on the advertiser          -> permission
//   40100                   too many requests                        -> rate_limited
//   50000, 51xxx            TikTok's side                            -> transient

const PROVIDER = "tiktok_ads";
const AUTH_CODES = new Set([40102, 40104, 40105]);
const PERMISSION_CODES = new Set([40001, 40002]);

export function classifyTikTok(status: number, body: unknown): ConnectorError | null {
  const answer = body as { code?: unknown; message?: unknown; request_id?: unknown } | null;
  if (!answer || typeof answer !== "object" || answer.code === undefined) return null;
  const code = Number(answer.code);
  if (code === 0) return null;
  const said = typeof answer.message === "string" ? answer.message.slice(0, 300) : "no message";
  const extra = { providerCode: String(answer.code), status };

  if (AUTH_CODES.has(code)) {
    return new ConnectorError("auth", PROVIDER, `TikTok refused our access (code ${code}: the access token expired or was revoked). Reconnect TikTok Ads to resume syncing.`, extra);
  }
  if (PERMISSION_CODES.has(code)) {
    return new ConnectorError(
      "permission",
      PROVIDER,
      `TikTok denied access to this advertiser (code ${code}: ${said}). Ask an admin of the advertiser account to grant reporting access, then reconnect.`,
      extra,
    );
  }
  if (code === 40100) return new ConnectorError("rate_limited", PROVIDER, `TikTok's rate limit was reached (code ${code}).`, extra);
  if (code === 50000 || (code >= 51000 && code < 52000) || status >= 500) {
    return new ConnectorError("transient", PROVIDER, `TikTok had a temporary problem (code ${code}: ${said}).`, extra);
  }
  return new ConnectorError("bad_request", PROVIDER, `TikTok rejected the request (code ${code}: ${said}).`, extra);
}

import { ConnectorError } from "../common/errors";
import { readUsage } from "./usage";

// Graph API failures come as {"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}},
// usually with HTTP 400 whatever went wrong, so the code decides what to do:
//   190 (OAuthException)                 token expired or revoked -> auth (reconnect)
//   10, 200-299                          permission missing      -> permission
//   100 "... does not exist ..."         deleted or unshared     -> not_found
//   4, 17, 32, 613, 80000-80014          rate limits             -> rate_limited (wait Meta's estimate)
//   1, 2, or is_transient                Meta's side             -> transient

const PROVIDER = "meta_ads";
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);

type GraphError = { message?: unknown; type?: unknown; code?: unknown; error_subcode?: unknown; is_transient?: unknown; error_user_msg?: unknown };

// Subcodes of 190 that say why the token no longer works.
const TOKEN_REASONS: Record<number, string> = {
  458: "the app was removed from the Facebook account",
  459: "the Facebook account is checkpointed",
  460: "the Facebook password was changed",
  463: "the access token expired",
  464: "the Facebook account is unconfirmed",
  467: "the access token was invalidated",
};

export function isRateLimitCode(code: number): boolean {
  return RATE_LIMIT_CODES.has(code) || (code >= 80000 && code <= 80014);
}

function graphError(body: unknown): GraphError | null {
  const error = (body as { error?: unknown } | null)?.error;
  return error && typeof error === "object" ? (error as GraphError) : null;
}

/** The Graph API's answer as a ConnectorError, or null when it is a success (or carries no Graph error). */
export function classifyGraph(status: number, body: unknown, response: Response): ConnectorError | null {
  const error = graphError(body);
  if (!error) return null;
  const code = Number(error.code);
  const subcode = Number(error.error_subcode) || null;
  const said = typeof error.message === "string" ? error.message.slice(0, 300) : "no message";
  const extra = { providerCode: subcode ? `${code}/${subcode}` : String(code), status };

  if (code === 190 || code === 102) {
    const reason = (subcode && TOKEN_REASONS[subcode]) ?? "the access token is no longer valid";
    return new ConnectorError("auth", PROVIDER, `Meta refused our access (${reason}). Reconnect Meta Ads to resume syncing.`, extra);
  }
  if (isRateLimitCode(code)) {
    const retryAfterMs = readUsage(response.headers).regainMs || null;
    const wait = retryAfterMs ? ` Meta asks to wait about ${Math.ceil(retryAfterMs / 60_000)} min.` : "";
    return new ConnectorError("rate_limited", PROVIDER, `Meta's rate limit was reached (code ${code}).${wait}`, { ...extra, retryAfterMs });
  }
  if (code === 10 || (code >= 200 && code <= 299)) {
    return new ConnectorError(
      "permission",
      PROVIDER,
      `Meta denied access to this ad account (code ${code}: ${said}). Ask an admin of the ad account to give you access with ads_read, then reconnect.`,
      extra,
    );
  }
  if (code === 100 && /does not exist/i.test(said)) {
    return new ConnectorError("not_found", PROVIDER, "Meta could not find this ad account: it was deleted or is no longer shared with you. Pick another account or reconnect.", extra);
  }
  if (code === 1 || code === 2 || error.is_transient === true || status >= 500) {
    return new ConnectorError("transient", PROVIDER, `Meta had a temporary problem (code ${code}: ${said}).`, extra);
  }
  return new ConnectorError("bad_request", PROVIDER, `Meta rejected the request (code ${code}: ${said}).`, extra);
}

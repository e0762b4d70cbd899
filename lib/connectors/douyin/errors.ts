import { ConnectorError } from "../common/errors";
import { DOUYIN_PROVIDER } from "./config";

// Douyin answers HTTP 200 with an error inside the body, in two shapes:
//   DOU+ endpoints   {code, message, data}            code 0 is success
//   OAuth endpoints  {data: {error_code, description}} error_code 0 is success
// Codes that mean the stored access is gone (the user must authorise again):
//   40108                     DOU+ token expired (the original system's logs)
//   40102, 40104, 40105       access token expired, missing or invalid (the marketing API family)
//   10008, 2190008            access_token expired (open.douyin.com refresh docs)
//   10010                     refresh_token expired (open.douyin.com refresh docs)
// Rate limits: 40100 (too many requests) and 10020 (frequency control).

const AUTH_CODES = new Set([40108, 40102, 40104, 40105, 10008, 2190008, 10010]);
const RATE_CODES = new Set([40100, 10020]);

function codeOf(body: unknown): { code: number; said: string } | null {
  if (!body || typeof body !== "object") return null;
  const answer = body as { code?: unknown; message?: unknown; data?: unknown };
  if (answer.code !== undefined && answer.code !== null) {
    return { code: Number(answer.code), said: typeof answer.message === "string" ? answer.message.slice(0, 200) : "no message" };
  }
  const data = answer.data as { error_code?: unknown; description?: unknown } | undefined;
  if (data && typeof data === "object" && data.error_code !== undefined && data.error_code !== null) {
    return { code: Number(data.error_code), said: typeof data.description === "string" && data.description ? data.description.slice(0, 200) : "no description" };
  }
  return null;
}

export function classifyDouyin(status: number, body: unknown): ConnectorError | null {
  const found = codeOf(body);
  if (!found) return null;
  const { code, said } = found;
  if (code === 0) return null;
  const extra = { providerCode: String(code), status };
  if (AUTH_CODES.has(code)) {
    return new ConnectorError("auth", DOUYIN_PROVIDER, `Douyin refused our access (code ${code}: the authorisation expired or was revoked). Reconnect Douyin to resume syncing.`, extra);
  }
  if (RATE_CODES.has(code)) return new ConnectorError("rate_limited", DOUYIN_PROVIDER, `Douyin's rate limit was reached (code ${code}).`, extra);
  if (status >= 500 || (code >= 50000 && code < 60000)) {
    return new ConnectorError("transient", DOUYIN_PROVIDER, `Douyin had a temporary problem (code ${code}: ${said}).`, extra);
  }
  return new ConnectorError("bad_request", DOUYIN_PROVIDER, `Douyin rejected the request (code ${code}: ${said}).`, extra);
}

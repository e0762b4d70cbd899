// The last line of defence for log output: fields named like secrets are replaced whatever they
// hold, and emails, phone numbers, bearer tokens and URLs with secrets in them are masked wherever
// they appear in text. Code should not log these at all; this catches what slips through.

const SECRET_KEY = /(pass(word)?|secret|token|api[-_]?key|authori[sz]ation|cookie|credential|signature|private|webhook[-_]?url|^key$|hmac|session)/i;
const PERSONAL_KEY = /(^|_|[a-z])(email|phone)/i;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// International or grouped numbers of 7 to 15 digits; dates, ids and amounts rarely look like this.
const PHONE = /(?<![\w.-])\+?\d[\d ().-]{6,18}\d(?![\w.-])/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const URL_SECRET = /([?&](?:token|key|secret|signature|sig|access_token|code|password)=)[^&\s"']+/gi;
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi;
// Chat and webhook destinations put their secret in the path.
const HOOK_URL = /\bhttps?:\/\/[^\s"']*(hooks\.slack\.com|webhook|oapi\.dingtalk|open\.feishu|larksuite|qyapi\.weixin)[^\s"']*/gi;
const KNOWN_PREFIX = /\b(sbw?_[A-Za-z0-9]+\.[A-Za-z0-9_-]{16,}|shp(at|ss|ca)_[A-Za-z0-9]+|[sr]k_(?:live|test)_[A-Za-z0-9]+|whsec_[A-Za-z0-9]+|pk_[A-Za-z0-9_-]{20,})/g;

const REDACTED = "[redacted]";

export function redactText(text: string): string {
  return text
    .replace(HOOK_URL, REDACTED)
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(URL_SECRET, `$1${REDACTED}`)
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(KNOWN_PREFIX, REDACTED)
    .replace(EMAIL, "[email]")
    .replace(PHONE, (match) => (looksLikePhone(match) ? "[phone]" : match));
}

// Grouped digits that are not a date (2026-01-31) or a time.
function looksLikePhone(match: string): boolean {
  if (/\d{4}-\d{2}-\d{2}|\d{2}:\d{2}/.test(match)) return false;
  return match.replace(/\D/g, "").length >= 7 && /[ +()-]/.test(match);
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function isPersonalKey(key: string): boolean {
  return PERSONAL_KEY.test(key);
}

/** A copy of `value` safe to log: secret and personal fields replaced, strings masked, depth bounded. */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[circular]";
  if (depth > 6) return "[nested]";
  seen.add(value);
  if (value instanceof Error) {
    const out: Record<string, unknown> = { type: value.name, message: redactText(value.message) };
    if (value.stack) out.stack = redactText(value.stack);
    for (const [key, inner] of Object.entries(value)) out[key] = redactEntry(key, inner, depth, seen);
    if (value.cause !== undefined) out.cause = redactValue(value.cause, depth + 1, seen);
    return out;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.slice(0, 50).map((inner) => redactValue(inner, depth + 1, seen));
  if (value instanceof Headers) return redactValue(Object.fromEntries(value.entries()), depth + 1, seen);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = redactEntry(key, inner, depth, seen);
  return out;
}

function redactEntry(key: string, value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || value === undefined) return value;
  if (isSecretKey(key)) return REDACTED;
  if (isPersonalKey(key) && typeof value !== "object") return REDACTED;
  return redactValue(value, depth + 1, seen);
}

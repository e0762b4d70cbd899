import { z } from "zod";
import { boundsMessage, dayInBounds, instantInBounds } from "@/lib/time/bounds";

// Field rules shared by the order and ad-spend rows. Values may arrive as CSV text or JSON
// strings or numbers; each rule turns them into a normalised string (never a float) or fails with
// a message meant for the person who made the file. The field name travels separately.

const MAX_DECIMAL_DIGITS = 15;
const DECIMAL = new RegExp(`^\\d{1,${MAX_DECIMAL_DIGITS}}(\\.\\d{1,4})?$`);
const WHOLE = /^\d{1,15}$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

let currencies: Set<string> | null = null;
function knownCurrencies(): Set<string> {
  currencies ??= new Set(Intl.supportedValuesOf("currency"));
  return currencies;
}

const present = (value: unknown) => value !== undefined && value !== null && !(typeof value === "string" && value.trim() === "");

/** Text or a JSON number as trimmed text; numbers keep their shortest exact spelling. */
const scalar = z.union([z.string(), z.number()], { error: (issue) => (issue.input === undefined ? "Required." : "Must be text or a number.") })
  .transform((v) => String(v).trim());

export const requiredText = (max: number) =>
  scalar.pipe(z.string().min(1, "Required.").max(max, `At most ${max} characters.`));

export const optionalText = (max: number) =>
  z.preprocess((v) => (present(v) ? v : undefined), requiredText(max).optional());

function daysInMonth(year: number, month: number) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDay(year: number, month: number, day: number) {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** A non-negative decimal with at most 4 places, as text ("12.5"). */
export const amount = scalar.pipe(
  z.string().regex(DECIMAL, "Must be a number of 0 or more with at most 4 decimal places, written like 1234.56 (no currency signs or thousands separators)."),
);

export const optionalAmount = z.preprocess((v) => (present(v) ? v : undefined), amount.optional());

/** A whole number from `min` to `max`: the range of the column it is stored in, or less. */
export const wholeNumber = (min: number, max: number) => {
  const message = `Must be a whole number of ${min} or more (at most ${max}).`;
  return scalar
    .pipe(z.string().regex(WHOLE, message))
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));
};

/** An optional whole number from `min` to `max` (a quantity returned, for instance). */
export const optionalWhole = (min: number, max: number) => z.preprocess((v) => (present(v) ? v : undefined), wholeNumber(min, max).optional());

/** Counts stored as bigint (impressions, clicks): up to 15 digits, well inside the column. */
export const optionalWholeNumber = z.preprocess((v) => (present(v) ? v : undefined), wholeNumber(0, 999_999_999_999_999).optional());

/** An ISO 4217 code, case-insensitive on the way in and upper-case on the way out. */
export const currency = requiredText(3).transform((v, ctx) => {
  const code = v.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || !knownCurrencies().has(code)) {
    ctx.addIssue({ code: "custom", message: `"${v}" is not an ISO 4217 currency code (e.g. USD, EUR, JPY).` });
    return z.NEVER;
  }
  return code;
});

/** A calendar day, YYYY-MM-DD. */
export const calendarDay = requiredText(10).refine((v) => {
  const m = DAY.exec(v);
  return !!m && validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}, "Must be a real date written YYYY-MM-DD.").refine((v) => !DAY.test(v) || dayInBounds(v), { error: () => boundsMessage() });

/** The instant of an ISO 8601 date and time with an explicit offset (Z or ±hh:mm), else null. */
export function parseOffsetDateTime(text: string): Date | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = "0"] = m;
  if (!validDay(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  const offset = m[8]!.toUpperCase();
  if (offset !== "Z") {
    const digits = offset.replace(":", "");
    if (Number(digits.slice(1, 3)) > 14 || Number(digits.slice(3, 5)) > 59) return null;
  }
  const instant = new Date(text.trim().replace(" ", "T"));
  return Number.isNaN(instant.getTime()) ? null : instant;
}

const DATE_TIME_MESSAGE = "Must be an ISO 8601 date and time with its UTC offset, e.g. 2026-03-01T23:30:00-05:00 (or …Z for UTC).";

export const dateTime = requiredText(40)
  .refine((v) => parseOffsetDateTime(v) !== null, DATE_TIME_MESSAGE)
  .refine((v) => {
    const at = parseOffsetDateTime(v);
    return at === null || instantInBounds(at);
  }, { error: () => boundsMessage() });

export const optionalDateTime = z.preprocess((v) => (present(v) ? v : undefined), dateTime.optional());

// Two-letter codes that are no country: the European Union and Eurozone, the United Nations,
// "unknown region", and ICU's outlying-Oceania grouping.
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "ZZ", "QO"]);
const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

/**
 * An ISO 3166-1 alpha-2 country, case-insensitive on the way in and upper-case on the way out.
 * An alias ICU maps to another code (UK for GB) is refused, naming the code to use.
 */
export const optionalCountry = z.preprocess(
  (v) => (present(v) ? v : undefined),
  requiredText(60)
    .transform((v, ctx) => {
      const code = v.toUpperCase();
      const canonical = /^[A-Z]{2}$/.test(code) ? new Intl.Locale("und", { region: code }).region : undefined;
      if (canonical !== undefined && canonical !== code) {
        ctx.addIssue({ code: "custom", message: `"${v}" is not an ISO 3166-1 alpha-2 country code; use ${canonical}.` });
        return z.NEVER;
      }
      if (canonical === undefined || NOT_COUNTRIES.has(code) || regionNames.of(code) === undefined) {
        ctx.addIssue({ code: "custom", message: `"${v}" is not an ISO 3166-1 alpha-2 country code (e.g. US, GB, DE).` });
        return z.NEVER;
      }
      return code;
    })
    .optional(),
);

const MAX_CODES = 50;
const MAX_CODE_LENGTH = 255;

/**
 * Discount codes: a list (JSON) or one text of codes separated by commas (CSV). Blanks are
 * dropped; at most 50 codes of at most 255 characters, as a checkout allows.
 */
export const discountCodes = z.preprocess((v) => (v === null ? undefined : v), z
  .union([z.string(), z.array(z.string(), { error: "Each code must be text." })], { error: "Must be a list of codes, or codes separated by commas." })
  .optional()
  .transform((v, ctx) => {
    const codes = (v === undefined ? [] : typeof v === "string" ? v.split(",") : v).map((c) => c.trim()).filter((c) => c !== "");
    if (codes.length > MAX_CODES) {
      ctx.addIssue({ code: "custom", message: `At most ${MAX_CODES} codes (found ${codes.length}).` });
      return z.NEVER;
    }
    const long = codes.find((c) => Array.from(c).length > MAX_CODE_LENGTH);
    if (long !== undefined) {
      ctx.addIssue({ code: "custom", message: `A code has more than ${MAX_CODE_LENGTH} characters: "${long.slice(0, 20)}…".` });
      return z.NEVER;
    }
    return [...new Set(codes)];
  }));

export const optionalEmail = z.preprocess(
  (v) => (present(v) ? v : undefined),
  requiredText(320).pipe(z.email("Must be an email address.")).optional(),
);

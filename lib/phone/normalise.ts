import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/min";
import { keyedHash } from "@/lib/crypto/secrets";

// Phone numbers as one spelling per number (E.164, "+15550100000"), so the same customer written
// "+1 (555) 010-0000" in a store, "15550100000" in a CRM and "555-010-0000" in a spreadsheet is
// matched by one keyed hash. A number without its country code is read in a default region: the
// order's country when the row names one, else the workspace's.

export type PhoneResult = { ok: true; e164: string } | { ok: false; message: string };

const MAX_LENGTH = 40;

/**
 * The E.164 form of `text`. Digits that begin with the default region's country code ("1555…"
 * in the US) are read as written with a "+", as exports of CRMs often drop it.
 */
export function normalisePhone(text: string, defaultRegion: string | null): PhoneResult {
  const raw = text.trim();
  if (raw === "") return { ok: false, message: "Required." };
  if (raw.length > MAX_LENGTH) return { ok: false, message: `At most ${MAX_LENGTH} characters.` };
  if (!/^[+\d\s().\-/]+$/.test(raw)) return { ok: false, message: `"${raw}" is not a phone number: use digits, spaces, + ( ) - . only.` };
  const region = regionOrUndefined(defaultRegion);
  const parsed = parsePhoneNumberFromString(raw, region ? { defaultCountry: region } : undefined);
  // Possible (a length the region's plan allows), not valid: test and newly opened ranges, such as
  // the 555 numbers of fiction and fixtures, are still one customer's number.
  if (parsed?.isPossible()) return { ok: true, e164: parsed.number };
  if (!raw.startsWith("+")) {
    const international = parsePhoneNumberFromString(`+${raw.replace(/\D/g, "")}`);
    if (international?.isPossible() && (!region || international.country === region)) return { ok: true, e164: international.number };
  }
  const where = region ? ` in ${region}` : "";
  return { ok: false, message: `"${raw}" cannot be read as a phone number${where}; write it with its country code, e.g. +1 555 010 0000.` };
}

function regionOrUndefined(region: string | null): CountryCode | undefined {
  if (!region) return undefined;
  const code = region.toUpperCase();
  return /^[A-Z]{2}$/.test(code) ? (code as CountryCode) : undefined;
}

/** The keyed hash customers are matched by; only ever of a normalised number. */
export function phoneHash(e164: string): string {
  return keyedHash(e164);
}

// Currencies used by one country: the workspace's currency names its home region. Shared
// currencies (EUR, XOF, …) name none, and numbers must then carry their country code.
const HOME_REGION: Record<string, string> = {
  USD: "US", GBP: "GB", CAD: "CA", AUD: "AU", NZD: "NZ", JPY: "JP", CNY: "CN", INR: "IN", BRL: "BR", MXN: "MX",
  CHF: "CH", SEK: "SE", NOK: "NO", DKK: "DK", PLN: "PL", CZK: "CZ", HUF: "HU", RON: "RO", TRY: "TR", ZAR: "ZA",
  KRW: "KR", SGD: "SG", HKD: "HK", ILS: "IL", RUB: "RU", UAH: "UA", KZT: "KZ", AED: "AE", SAR: "SA", THB: "TH",
  IDR: "ID", MYR: "MY", PHP: "PH", VND: "VN", TWD: "TW", ARS: "AR", CLP: "CL", COP: "CO", PEN: "PE", EGP: "EG",
};

/** The region a workspace's numbers without a country code are read in, or null. */
export function defaultPhoneRegion(workspace: { currency: string }): string | null {
  return HOME_REGION[workspace.currency.toUpperCase()] ?? null;
}

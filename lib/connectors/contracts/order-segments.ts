// The two order facts cohorts are segmented by: the discount codes used at checkout and the
// country. Every path that writes orders (GraphQL pages, bulk lines, webhooks, imports, the demo)
// bounds them here, so a misbehaving payload cannot bloat a row or invent a country.

/** More codes than any checkout allows; the rest of a runaway list is dropped. */
export const MAX_DISCOUNT_CODES = 50;
/** Shopify caps a code at 255 characters; a longer one is cut there. */
export const MAX_DISCOUNT_CODE_LENGTH = 255;

const COUNTRY = /^[A-Z]{2}$/;

/**
 * The codes as the store reports them, in order: blanks and repeats dropped (a code counts once
 * per order in a segment), each cut to 255 characters, at most 50.
 */
export function boundDiscountCodes(codes: readonly unknown[]): string[] {
  const kept: string[] = [];
  const seen = new Set<string>();
  for (const raw of codes) {
    if (typeof raw !== "string") continue;
    const trimmed = raw.trim();
    if (trimmed === "") continue;
    // By code points, so a cut never splits a surrogate pair.
    const points = Array.from(trimmed);
    const code = points.length > MAX_DISCOUNT_CODE_LENGTH ? points.slice(0, MAX_DISCOUNT_CODE_LENGTH).join("") : trimmed;
    if (seen.has(code)) continue;
    seen.add(code);
    kept.push(code);
    if (kept.length === MAX_DISCOUNT_CODES) break;
  }
  return kept;
}

/** An ISO 3166-1 alpha-2 code as Shopify writes it (two capital letters), else null. */
export function countryCodeOrNull(value: unknown): string | null {
  return typeof value === "string" && COUNTRY.test(value) ? value : null;
}

const REGION = /^[A-Z0-9]{1,3}$/;

/** A subdivision code as stores write it (ISO 3166-2's part after the dash: "CA", "NSW"), else null. */
export function regionCodeOrNull(value: unknown): string | null {
  return typeof value === "string" && REGION.test(value) ? value : null;
}

type Address = { country: unknown; region: unknown } | null | undefined;

/**
 * The region of the address the order's country comes from (orderCountry): the shipping one when
 * it names a country, else the billing one; a region never pairs with another address's country.
 */
export function orderRegion(shipping: Address, billing: Address): string | null {
  const address = countryCodeOrNull(shipping?.country) ? shipping : countryCodeOrNull(billing?.country) ? billing : null;
  return address ? regionCodeOrNull(address.region) : null;
}

/** The shipping country, else the billing one: where the order went, else who paid. */
export function orderCountry(shipping: unknown, billing: unknown): string | null {
  return countryCodeOrNull(shipping) ?? countryCodeOrNull(billing);
}

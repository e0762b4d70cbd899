const EURO = ["AT", "BE", "CY", "DE", "EE", "ES", "FI", "FR", "GR", "HR", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PT", "SI", "SK"];

const BY_REGION: Record<string, string> = {
  US: "USD", GB: "GBP", CA: "CAD", AU: "AUD", NZ: "NZD", JP: "JPY", CN: "CNY", HK: "HKD", TW: "TWD", KR: "KRW",
  SG: "SGD", IN: "INR", CH: "CHF", SE: "SEK", NO: "NOK", DK: "DKK", PL: "PLN", CZ: "CZK", BR: "BRL", MX: "MXN",
  ZA: "ZAR", AE: "AED", IL: "ILS", TR: "TRY", ...Object.fromEntries(EURO.map((c) => [c, "EUR"])),
};

/** A reasonable reporting currency for a browser locale such as "en-GB"; USD when unknown. */
export function currencyForLocale(locale: string | undefined): string {
  const region = locale?.split(/[-_]/).find((part, i) => i > 0 && /^[A-Za-z]{2}$/.test(part))?.toUpperCase();
  return (region && BY_REGION[region]) || "USD";
}

export const COMMON_CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "JPY", "CNY", "INR", "CHF", "SEK", "NZD", "SGD", "HKD", "BRL", "MXN"];

import { formatFixed, parseDecimal } from "@/lib/metrics/definitions/decimal";
import { currencyDecimals } from "@/lib/metrics/report/precision";

/** A stored numeric (text from Postgres) as shown: rounded to the currency's minor units. */
export function shownMoney(value: string, currency: string): string {
  return formatFixed(parseDecimal(value), currencyDecimals(currency));
}

export function shownMoneyOrNull(value: string | null, currency: string): string | null {
  return value === null ? null : shownMoney(value, currency);
}

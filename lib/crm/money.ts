import { rateFor } from "@/lib/fx/rule";
import { convert, formatFixed, parseRate } from "@/lib/metrics/definitions/decimal";
import { currencyDecimals } from "@/lib/metrics/report/precision";

// A deal's value in the workspace currency at the dated rate of one day (lib/fx's rule), in the
// target currency's minor units.

export function convertMinor(amountMinor: bigint, from: string, to: string, rate: string): bigint {
  const scaled = amountMinor * 10n ** BigInt(4 - currencyDecimals(from));
  const converted = convert(scaled, parseRate(rate));
  return BigInt(formatFixed(converted, currencyDecimals(to)).replace(".", ""));
}

/** Throws lib/fx's conflict AppError when no rate is known for that day. */
export async function convertOnDay(amountMinor: bigint, from: string, to: string, day: string): Promise<bigint> {
  if (from === to) return amountMinor;
  return convertMinor(amountMinor, from, to, await rateFor(from, to, day));
}

// Exact arithmetic on Shopify's decimal strings ("12.5", "1499.00", "-3.10"): no floats.

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

function parse(value: string): { units: bigint; scale: number } {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new Error(`not a decimal amount: ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ""] = match;
  const units = BigInt(`${whole}${fraction}`);
  return { units: sign ? -units : units, scale: fraction.length };
}

function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** Sum of decimal strings, keeping the largest scale among them (at least 2 places). */
export function sumDecimals(values: Iterable<string>): string {
  let total = 0n;
  let scale = 2;
  const parsed: { units: bigint; scale: number }[] = [];
  for (const value of values) {
    const p = parse(value);
    parsed.push(p);
    scale = Math.max(scale, p.scale);
  }
  for (const p of parsed) total += p.units * 10n ** BigInt(scale - p.scale);
  return format(total, scale);
}

/** Integer minor units (cents) to a decimal string with two places. */
export function centsToDecimal(cents: number | bigint): string {
  return format(BigInt(cents), 2);
}

/** A decimal string to integer cents (rounding half away from zero past two places). */
export function decimalToCents(value: string): bigint {
  const { units, scale } = parse(value);
  if (scale <= 2) return units * 10n ** BigInt(2 - scale);
  const divisor = 10n ** BigInt(scale - 2);
  const half = divisor / 2n;
  return units >= 0n ? (units + half) / divisor : -((-units + half) / divisor);
}

import { z } from "zod";
import { withRetry } from "@/lib/connectors/common/retry";
import type { RateRow, RateSource } from "./source";
import { logger } from "@/lib/log";

const log = logger("fx");

// A rates provider over HTTP that answers a day range as a time series:
//   { "base": "USD", "rates": { "2024-01-02": { "EUR": 0.9123, "GBP": 0.7871 }, ... } }
// (Frankfurter's and Open Exchange Rates' time-series format). FX_RATES_URL is a template:
// {base}, {quotes} (comma-separated), {from}, {to} and {key} (FX_RATES_KEY) are filled in, e.g.
//   https://api.frankfurter.app/{from}..{to}?from={base}&to={quotes}
//   https://openexchangerates.org/api/time-series.json?app_id={key}&base={base}&symbols={quotes}&start={from}&end={to}

export type HttpRateSourceOptions = {
  /** The URL template; defaults to FX_RATES_URL. */
  url?: string;
  /** Filled into {key}; defaults to FX_RATES_KEY. Never logged. */
  apiKey?: string;
  timeoutMs?: number;
  /** Tries in all: the first plus retries. */
  attempts?: number;
  baseDelayMs?: number;
  fetch?: typeof fetch;
};

export class RateSourceError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "RateSourceError";
  }
}

const ZTimeSeries = z.object({
  base: z.string().optional(),
  rates: z.record(z.iso.date(), z.record(z.string(), z.number().positive())),
});

export function createHttpRateSource(options: HttpRateSourceOptions = {}): RateSource {
  const template = options.url ?? process.env.FX_RATES_URL;
  const apiKey = options.apiKey ?? process.env.FX_RATES_KEY ?? "";
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? fetch;
  if (!template) throw new RateSourceError("FX_RATES_URL is not set.", false);

  /** `key` null: the URL as it may be shown in logs and errors. */
  const build = (values: Record<string, string>, key: string | null) =>
    template.replace(/\{(base|quotes|from|to|key)\}/g, (_, name: string) =>
      name !== "key" ? encodeURIComponent(values[name]!) : key === null ? "[redacted]" : encodeURIComponent(key),
    );

  async function attempt(url: string, shown: string): Promise<unknown> {
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      throw new RateSourceError(timedOut ? `${shown} timed out after ${timeoutMs} ms.` : `${shown} could not be reached (${causeOf(error)}).`, true);
    }
    if (!response.ok) {
      // Throttling and server errors pass; anything else (a bad key, a bad request) will not.
      const retryable = response.status >= 500 || response.status === 429;
      throw new RateSourceError(`${shown} answered HTTP ${response.status}.`, retryable);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new RateSourceError(`${shown} did not return JSON (starts with ${JSON.stringify(text.slice(0, 40))}).`, false);
    }
  }

  return {
    name: `http:${new URL(build({ base: "", quotes: "", from: "", to: "" }, "")).host}`,
    async fetchRates(base, quotes, fromDay, toDay) {
      const values = { base, quotes: quotes.join(","), from: fromDay, to: toDay };
      const shown = `The exchange-rate provider (${build(values, null)})`;
      try {
        const body = await withRetry(() => attempt(build(values, apiKey), shown), {
          attempts: options.attempts ?? 4,
          baseDelayMs: options.baseDelayMs ?? 500,
          label: "fx",
          retryable: (error) => error instanceof RateSourceError && error.retryable,
        });
        return toRows(body, base, quotes, fromDay, toDay, shown);
      } catch (error) {
        log.error("rates not loaded", { base, fromDay, toDay, err: error });
        throw error;
      }
    },
  };
}

function toRows(body: unknown, base: string, quotes: readonly string[], fromDay: string, toDay: string, shown: string): RateRow[] {
  const parsed = ZTimeSeries.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RateSourceError(`${shown} returned an unexpected shape at "${issue.path.join(".") || "body"}": ${issue.message}`, false);
  }
  if (parsed.data.base && parsed.data.base !== base) {
    throw new RateSourceError(`${shown} returned ${parsed.data.base} rates where ${base} was asked for.`, false);
  }
  const wanted = new Set(quotes);
  const rows: RateRow[] = [];
  for (const [day, byQuote] of Object.entries(parsed.data.rates)) {
    if (day < fromDay || day > toDay) continue;
    for (const [quote, rate] of Object.entries(byQuote)) {
      // JSON numbers of a provider carry at most ~6 significant digits: their shortest text is exact.
      if (wanted.has(quote)) rows.push({ day, base, quote, rate: decimalText(rate) });
    }
  }
  return rows;
}

/** Plain positional notation (no exponent), at most 10 decimals as exchange_rates keeps. */
function decimalText(value: number): string {
  const text = String(value);
  if (!/e/i.test(text) && !/\.\d{11}/.test(text)) return text;
  return value.toFixed(10).replace(/0+$/, "").replace(/\.$/, "");
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? "network error";
}

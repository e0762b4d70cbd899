import { beforeAll, describe, expect, it } from "vitest";
import { getPool } from "@/lib/db/pool";
import { fxRateSql, rateFor } from "@/lib/fx/rule";
import { loadConverter } from "@/lib/metrics/report/conversion";
import { parseRate } from "@/lib/metrics/definitions/decimal";
import { writeRates } from "@/lib/fx/store";
import { expectAppError } from "../helpers";
import { row } from "./memory-source";

// exchange_rates is shared by every test file: this file owns the year 2091 (the bundled sample
// rates cover 2023-2027 only).
const D = (day: number) => `2091-03-${String(day).padStart(2, "0")}`;

beforeAll(async () => {
  await writeRates("rule-test", [
    row(D(10), "USD", "EUR", "0.9"),
    row(D(10), "USD", "GBP", "0.8"),
    // Stored the other way round: 1 CHF = 1.25 USD, so 1 USD = 0.8 CHF.
    row(D(10), "CHF", "USD", "1.25"),
    row(D(10), "USD", "JPY", "150"),
    // A direct pair on an earlier day only.
    row(D(5), "EUR", "GBP", "0.87"),
    // Cross legs published on different days.
    row(D(26), "USD", "NOK", "10"),
    row(D(30), "USD", "SEK", "11"),
    row(D(20), "EUR", "GBP", "0.86"),
    row(D(20), "USD", "EUR", "0.95"),
    row(D(20), "USD", "GBP", "0.76"),
  ]);
});

describe("rateFor", () => {
  it("is 1 between a currency and itself, with or without stored rates", async () => {
    expect(await rateFor("SEK", "SEK", D(1))).toBe("1");
    expect(await rateFor("XTS", "XTS", "2091-12-31")).toBe("1");
  });

  it("uses the direct rate, else the inverse of the reverse pair", async () => {
    expect(await rateFor("USD", "EUR", D(10))).toBe("0.9");
    expect(await rateFor("EUR", "USD", D(10))).toBe("1.1111111111");
    expect(await rateFor("USD", "CHF", D(10))).toBe("0.8");
    expect(await rateFor("CHF", "USD", D(10))).toBe("1.25");
  });

  it("crosses through USD when neither pair is stored, with either leg inverted or older", async () => {
    // 1 GBP = 150 / 0.8 JPY.
    expect(await rateFor("GBP", "JPY", D(10))).toBe("187.5");
    // CHF's leg is stored as CHF->USD: 1 CHF = 1.25 USD = 1.25 × 150 JPY.
    expect(await rateFor("CHF", "JPY", D(10))).toBe("187.5");
    expect(await rateFor("JPY", "CHF", D(10))).toBe("0.0053333333");
    // Each leg is the latest of its own window: NOK's from D(26), SEK's from D(30).
    expect(await rateFor("NOK", "SEK", D(30))).toBe("1.1");
  });

  it("prefers a direct rate, even a few days old, to a cross", async () => {
    // On D(20) both exist: EUR->GBP 0.86 directly and 0.76 / 0.95 = 0.8 through USD.
    expect(await rateFor("EUR", "GBP", D(20))).toBe("0.86");
    expect(await rateFor("GBP", "EUR", D(20))).toBe("1.1627906977");
    // On D(10) the cross would be 0.8 / 0.9; the direct rate of D(5) wins.
    expect(await rateFor("EUR", "GBP", D(10))).toBe("0.87");
  });

  it("falls back to the latest earlier rate within 7 days, then refuses naming the pair and day", async () => {
    expect(await rateFor("USD", "EUR", D(17))).toBe("0.9");
    expect(await rateFor("EUR", "GBP", D(7))).toBe("0.87");
    const error = await expectAppError(rateFor("USD", "EUR", D(18)), "conflict");
    expect(error.message).toContain("USD/EUR");
    expect(error.message).toContain(D(18));
    await expectAppError(rateFor("USD", "EUR", D(4)), "conflict");
  });

  it("rejects malformed currencies and days with a message naming the parameter", async () => {
    expect((await expectAppError(rateFor("usd", "EUR", D(10)), "bad_request")).fields).toHaveProperty("base");
    expect((await expectAppError(rateFor("USD", "EURO", D(10)), "bad_request")).fields).toHaveProperty("quote");
    expect((await expectAppError(rateFor("USD", "EUR", "2091-3-10"), "bad_request")).fields).toHaveProperty("day");
  });

  it("is usable inside a query, per row, for the report engine's conversions", async () => {
    const { rows } = await getPool().query<{ currency: string; rate: string | null }>(
      `SELECT v.currency, ${fxRateSql("v.currency", "'USD'", "v.day")}::text AS rate
       FROM (VALUES ('EUR', '${D(12)}'::date), ('GBP', '${D(20)}'::date), ('USD', '${D(1)}'::date), ('EUR', '${D(1)}'::date)) AS v(currency, day)
       ORDER BY 1, 2`,
    );
    expect(rows.map((r) => [r.currency, r.rate && Number(r.rate).toFixed(6)])).toEqual([
      ["EUR", "1.111111"],
      ["EUR", null],
      ["GBP", "1.315789"],
      ["USD", "1.000000"],
    ]);
  });
});

describe("one rule everywhere", () => {
  it("gives the report engine's converter's rate for every pair and day, to the last decimal", async () => {
    const currencies = ["USD", "EUR", "GBP", "CHF", "JPY", "NOK", "SEK"];
    for (const quote of currencies) {
      const convert = await loadConverter(quote, currencies, D(1), D(31));
      for (const base of currencies) {
        for (let day = 1; day <= 31; day++) {
          const ours = await rateFor(base, quote, D(day)).then(parseRate, () => null);
          let theirs: bigint | null;
          try {
            theirs = convert(base, D(day));
          } catch {
            theirs = null;
          }
          expect({ base, quote, day: D(day), rate: ours }).toEqual({ base, quote, day: D(day), rate: theirs });
        }
      }
    }
  });
});

describe("the bundled sample rates", () => {
  it("are loaded for the tests and give realistic levels, direct and crossed", async () => {
    const eur = Number(await rateFor("USD", "EUR", "2024-06-01"));
    expect(eur).toBeGreaterThan(0.8);
    expect(eur).toBeLessThan(1.05);
    const eurJpy = Number(await rateFor("EUR", "JPY", "2025-02-14"));
    expect(eurJpy).toBeGreaterThan(120);
    expect(eurJpy).toBeLessThan(200);
  });
});

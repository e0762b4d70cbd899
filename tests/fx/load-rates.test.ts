import { describe, expect, it } from "vitest";
import { getPool } from "@/lib/db/pool";
import { SAMPLE_RANGE } from "@/lib/fx/sample-format";
import { SAMPLE_QUOTES } from "@/lib/fx/sample-source";
import { refreshProviderRates } from "@/lib/fx/refresh";
import { ensureSampleRates, loadRates } from "@/lib/fx/store";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { expectAppError } from "../helpers";
import { memorySource, row } from "./memory-source";

// This file owns the year 2092 of exchange_rates (shared by every test file).

async function stored(fromDay: string, toDay: string) {
  const { rows } = await getPool().query<{ day: string; quote: string; rate: string; source: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, quote, rate::text AS rate, source FROM exchange_rates
     WHERE base = 'USD' AND day BETWEEN $1 AND $2 ORDER BY day, quote`,
    [fromDay, toDay],
  );
  return rows.map((r) => ({ ...r, rate: Number(r.rate).toString() }));
}

describe("loadRates", () => {
  it("is idempotent, and a corrected rate replaces the old one", async () => {
    const first = memorySource("provider-a", [row("2092-01-02", "USD", "EUR", "0.91"), row("2092-01-02", "USD", "GBP", "0.78"), row("2092-01-03", "USD", "EUR", "0.92")]);
    expect(await loadRates(first, "2092-01-01", "2092-01-31")).toEqual({ rows: 3 });
    await loadRates(first, "2092-01-01", "2092-01-31");
    expect(await stored("2092-01-01", "2092-01-31")).toEqual([
      { day: "2092-01-02", quote: "EUR", rate: "0.91", source: "provider-a" },
      { day: "2092-01-02", quote: "GBP", rate: "0.78", source: "provider-a" },
      { day: "2092-01-03", quote: "EUR", rate: "0.92", source: "provider-a" },
    ]);

    const corrected = memorySource("provider-b", [row("2092-01-03", "USD", "EUR", "0.9255")]);
    await loadRates(corrected, "2092-01-03", "2092-01-03");
    expect(await stored("2092-01-03", "2092-01-03")).toEqual([{ day: "2092-01-03", quote: "EUR", rate: "0.9255", source: "provider-b" }]);
    expect(await stored("2092-01-01", "2092-01-31")).toHaveLength(3);
  });

  it("keeps stored rates when asked not to overwrite", async () => {
    await loadRates(memorySource("provider", [row("2092-02-02", "USD", "EUR", "0.9")]), "2092-02-01", "2092-02-28");
    await loadRates(memorySource("sample", [row("2092-02-02", "USD", "EUR", "1.5"), row("2092-02-03", "USD", "EUR", "1.4")]), "2092-02-01", "2092-02-28", {
      overwrite: false,
    });
    expect(await stored("2092-02-01", "2092-02-28")).toEqual([
      { day: "2092-02-02", quote: "EUR", rate: "0.9", source: "provider" },
      { day: "2092-02-03", quote: "EUR", rate: "1.4", source: "sample" },
    ]);
  });

  it("writes nothing when a row is malformed, naming the row and field", async () => {
    const bad = memorySource("provider", [row("2092-03-02", "USD", "EUR", "0.9"), row("2092-03-03", "USD", "EUR", "-1")]);
    const error = await expectAppError(loadRates(bad, "2092-03-01", "2092-03-31"), "bad_request");
    expect(error.fields).toHaveProperty(["rows.1.rate"]);
    expect(await stored("2092-03-01", "2092-03-31")).toEqual([]);
  });

  it("rejects a reversed range before asking the source", async () => {
    const source = memorySource("provider", []);
    expect((await expectAppError(loadRates(source, "2092-04-02", "2092-04-01"), "bad_request")).fields).toHaveProperty("toDay");
    expect(source.calls).toBe(0);
  });
});

describe("ensureSampleRates", () => {
  it("has loaded every day of every sample currency once, and a second call changes nothing", async () => {
    const count = async () =>
      (
        await getPool().query<{ n: number; days: number }>(
          `SELECT count(*)::int AS n, count(DISTINCT day)::int AS days FROM exchange_rates WHERE base = 'USD' AND quote = ANY($1::text[]) AND day BETWEEN $2 AND $3`,
          [SAMPLE_QUOTES, SAMPLE_RANGE.from, SAMPLE_RANGE.to],
        )
      ).rows[0]!;
    const before = await count();
    expect(before.days).toBe(1826);
    expect(before.n).toBe(1826 * 9);
    const started = Date.now();
    await ensureSampleRates();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await count()).toEqual(before);
  });
});

describe("refreshProviderRates", () => {
  it("does nothing without a provider", async () => {
    const previous = process.env.FX_RATES_URL;
    delete process.env.FX_RATES_URL;
    try {
      expect(await refreshProviderRates()).toBeNull();
    } finally {
      if (previous !== undefined) process.env.FX_RATES_URL = previous;
    }
  });

  it("asks the provider for the recent days of every currency in use, against USD", async () => {
    const owner = await seedUser();
    await seedWorkspace(owner.id, { currency: "BRL" });
    const asked: { base: string; quotes: readonly string[]; fromDay: string; toDay: string }[] = [];
    const source = {
      name: "provider",
      async fetchRates(base: string, quotes: readonly string[], fromDay: string, toDay: string) {
        asked.push({ base, quotes, fromDay, toDay });
        return [row("2092-05-10", "USD", "BRL", "5.1")];
      },
    };
    expect(await refreshProviderRates({ source, now: new Date("2092-05-10T23:00:00Z"), days: 3 })).toEqual({ rows: 1 });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ base: "USD", fromDay: "2092-05-08", toDay: "2092-05-10" });
    expect(asked[0]!.quotes).toEqual(expect.arrayContaining(["BRL", "EUR", "JPY"]));
    expect(asked[0]!.quotes).not.toContain("USD");
    expect(await stored("2092-05-01", "2092-05-31")).toEqual([{ day: "2092-05-10", quote: "BRL", rate: "5.1", source: "provider" }]);
  });
});

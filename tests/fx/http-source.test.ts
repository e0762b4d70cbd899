import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { captureLogs } from "@/lib/log";
import { createHttpRateSource, RateSourceError } from "@/lib/fx/http-source";

const URL_TEMPLATE = "https://rates.example.test/{from}..{to}?from={base}&to={quotes}&app_id={key}";
const SECRET = "super-secret-key-123";
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

const series = { base: "USD", rates: { "2024-01-02": { EUR: 0.9123, GBP: 0.7871, JPY: 141.5 }, "2024-01-03": { EUR: 0.915 } } };

function source(overrides: Partial<Parameters<typeof createHttpRateSource>[0]> = {}) {
  return createHttpRateSource({ url: URL_TEMPLATE, apiKey: SECRET, baseDelayMs: 1, timeoutMs: 200, ...overrides });
}

/** Answers with each of `responses` in turn (the last repeats), counting requests. */
function respondInTurn(responses: (() => Response | Promise<Response>)[]) {
  const seen: URL[] = [];
  server.use(
    http.get("https://rates.example.test/*", ({ request }) => {
      seen.push(new URL(request.url));
      return responses[Math.min(seen.length - 1, responses.length - 1)]!();
    }),
  );
  return seen;
}

/** Everything logged, to check no secret ever reaches the logs. */
function logged(): ReturnType<typeof captureLogs> {
  const logs = captureLogs();
  onTestFinished(logs.stop);
  return logs;
}

describe("the HTTP rate source", () => {
  it("fills the URL template and returns the asked quotes as exact decimal strings", async () => {
    const seen = respondInTurn([() => HttpResponse.json(series)]);
    const rows = await source().fetchRates("USD", ["EUR", "JPY"], "2024-01-02", "2024-01-03");
    expect(seen[0]!.pathname).toBe("/2024-01-02..2024-01-03");
    expect(Object.fromEntries(seen[0]!.searchParams)).toEqual({ from: "USD", to: "EUR,JPY", app_id: SECRET });
    expect(rows).toEqual([
      { day: "2024-01-02", base: "USD", quote: "EUR", rate: "0.9123" },
      { day: "2024-01-02", base: "USD", quote: "JPY", rate: "141.5" },
      { day: "2024-01-03", base: "USD", quote: "EUR", rate: "0.915" },
    ]);
  });

  it("retries server errors with backoff and succeeds", async () => {
    const logs = logged();
    const seen = respondInTurn([() => new HttpResponse("busy", { status: 503 }), () => new HttpResponse("oops", { status: 500 }), () => HttpResponse.json(series)]);
    const rows = await source().fetchRates("USD", ["EUR"], "2024-01-02", "2024-01-03");
    expect(seen).toHaveLength(3);
    expect(rows).toHaveLength(2);
    expect(logs.text()).not.toContain(SECRET);
  });

  it("retries network errors, then gives up after the first try and 3 retries with a logged failure", async () => {
    const logs = logged();
    const seen = respondInTurn([() => HttpResponse.error()]);
    const error = await source().fetchRates("USD", ["EUR"], "2024-01-02", "2024-01-03").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateSourceError);
    expect((error as Error).message).toMatch(/could not be reached/);
    expect(seen).toHaveLength(4);
    expect(logs.lines().some((line) => line.includes('"scope":"fx"') && line.includes('"level":"error"'))).toBe(true);
    expect(logs.text() + (error as Error).message).not.toContain(SECRET);
    expect((error as Error).message).toContain("[redacted]");
  });

  it("times out a slow answer and retries it", async () => {
    logged();
    const seen = respondInTurn([
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return HttpResponse.json(series);
      },
      () => HttpResponse.json(series),
    ]);
    const rows = await source({ timeoutMs: 100 }).fetchRates("USD", ["GBP"], "2024-01-01", "2024-01-31");
    expect(seen).toHaveLength(2);
    expect(rows).toEqual([{ day: "2024-01-02", base: "USD", quote: "GBP", rate: "0.7871" }]);
  });

  it("reports a timeout clearly when every try is too slow", async () => {
    logged();
    respondInTurn([
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        return HttpResponse.json(series);
      },
    ]);
    await expect(source({ timeoutMs: 50, attempts: 2 }).fetchRates("USD", ["EUR"], "2024-01-02", "2024-01-03")).rejects.toThrow(/timed out after 50 ms/);
  });

  it("fails clearly on malformed JSON or an unexpected shape, without retrying", async () => {
    logged();
    const seen = respondInTurn([() => new HttpResponse("<html>maintenance</html>", { status: 200, headers: { "content-type": "text/html" } })]);
    await expect(source().fetchRates("USD", ["EUR"], "2024-01-02", "2024-01-03")).rejects.toThrow(/did not return JSON/);
    expect(seen).toHaveLength(1);

    respondInTurn([() => HttpResponse.json({ base: "USD", rates: { "2024-01-02": { EUR: "0.91" } } })]);
    await expect(source().fetchRates("USD", ["EUR"], "2024-01-02", "2024-01-03")).rejects.toThrow(/unexpected shape at "rates.2024-01-02.EUR"/);

    respondInTurn([() => HttpResponse.json({ ...series, base: "EUR" })]);
    await expect(source().fetchRates("USD", ["EUR"], "2024-01-02", "2024-01-03")).rejects.toThrow(/EUR rates where USD was asked for/);
  });

  it("does not retry a refused key", async () => {
    logged();
    const seen = respondInTurn([() => new HttpResponse("invalid app_id", { status: 401 })]);
    await expect(source().fetchRates("USD", ["EUR"], "2024-01-02", "2024-01-03")).rejects.toThrow(/HTTP 401/);
    expect(seen).toHaveLength(1);
  });

  it("needs a URL", () => {
    const previous = process.env.FX_RATES_URL;
    delete process.env.FX_RATES_URL;
    try {
      expect(() => createHttpRateSource()).toThrow(/FX_RATES_URL/);
    } finally {
      if (previous !== undefined) process.env.FX_RATES_URL = previous;
    }
  });
});

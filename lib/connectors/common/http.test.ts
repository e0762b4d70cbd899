import { afterEach, describe, expect, it, vi } from "vitest";
import { ConnectorError } from "./errors";
import { requestJson, requestStream, type FetchLike, type HttpAnswer, type HttpOptions, type ThrottleStrategy } from "./http";

const URL_ = "https://api.example.test/v1/thing";

/** Answers each call with the next response (the last one repeats); records what was sent. */
function fakeFetch(...responses: (() => Response | Promise<Response>)[]) {
  const calls: RequestInit[] = [];
  const fetchImpl: FetchLike = async (_url, init) => {
    calls.push(init);
    return responses[Math.min(calls.length - 1, responses.length - 1)]!();
  };
  return { fetchImpl, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

function options(extra: Partial<HttpOptions> & Pick<HttpOptions, "fetchImpl">) {
  const sleeps: number[] = [];
  const all: HttpOptions = { provider: "example", baseDelayMs: 500, sleep: async (ms) => void sleeps.push(ms), ...extra };
  return { all, sleeps };
}

/** A throttle that holds the first attempt for `holdFirstMs` and records what it is shown. */
function recordingThrottle(maxWaits: number, holdFirstMs = 0) {
  const events: string[] = [];
  const seen: HttpAnswer[] = [];
  let holds = 0;
  const throttle: ThrottleStrategy = {
    maxWaits,
    holdMs: () => (holds++ === 0 ? holdFirstMs : 0),
    observe: (answer) => {
      seen.push(answer);
      events.push(`observe ${answer.status}`);
    },
    refilled: () => events.push("refilled"),
  };
  return { throttle, events, seen };
}

afterEach(() => vi.useRealTimers());

describe("requestJson without a throttle (Google, Meta, TikTok)", () => {
  it("counts a 429 as an attempt and waits at least its Retry-After", async () => {
    const { fetchImpl, calls } = fakeFetch(json(429, {}, { "retry-after": "3" }), json(429, {}), json(200, { ok: true }));
    const { all, sleeps } = options({ fetchImpl, attempts: 4 });
    const result = await requestJson({ url: URL_ }, all);
    expect(result.body).toEqual({ ok: true });
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([3_000, 1_000]);
  });

  it("gives up with the last classified error once the attempts are spent", async () => {
    const { fetchImpl, calls } = fakeFetch(json(429, {}));
    const { all } = options({ fetchImpl, attempts: 2 });
    const error = await requestJson({ url: URL_ }, all).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: "rate_limited", status: 429 });
    expect(calls).toHaveLength(2);
  });

  it("treats a body that cannot be read in time like a call that got no answer", async () => {
    const broken = () => new Response(new ReadableStream({ pull: (controller) => controller.error(new TypeError("terminated")) }), { status: 200 });
    const { fetchImpl, calls } = fakeFetch(broken, json(200, { ok: true }));
    const { all, sleeps } = options({ fetchImpl });
    expect((await requestJson({ url: URL_ }, all)).body).toEqual({ ok: true });
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([500]);
  });

  it("sends a redirect policy only when asked", async () => {
    const { fetchImpl, calls } = fakeFetch(json(200, {}));
    await requestJson({ url: URL_ }, options({ fetchImpl }).all);
    await requestJson({ url: URL_, redirect: "error" }, options({ fetchImpl }).all);
    expect(calls.map((c) => c.redirect)).toEqual([undefined, "error"]);
  });
});

describe("requestJson hooks", () => {
  it("passes the raw text to classify, and lets the provider word unreachable, non-JSON and exhausted calls", async () => {
    const texts: (string | undefined)[] = [];
    const { fetchImpl } = fakeFetch(
      () => Promise.reject(new TypeError("fetch failed")),
      () => new Response("<html>proxy error</html>", { status: 200 }),
      () => new Response("upstream down", { status: 503 }),
    );
    const unreachable = vi.fn((cause: unknown, timedOut: boolean) => new ConnectorError("transient", "example", `no answer (${String(timedOut)}): ${(cause as Error).message}`));
    const notJson = vi.fn((status: number, text: string) => new ConnectorError("transient", "example", `not JSON (${status}): ${text}`));
    const { all } = options({
      fetchImpl,
      attempts: 3,
      unreachable,
      notJson,
      classify: (_status, _body, _response, text) => {
        texts.push(text);
        return null;
      },
      exhausted: (error, spent) => new ConnectorError(error.kind, "example", `${error.message}; ${spent.attempts} attempts`, { status: error.status }),
    });
    const error = await requestJson({ url: URL_ }, all).catch((e: unknown) => e);
    expect(unreachable).toHaveBeenCalledOnce();
    expect(unreachable.mock.results[0]!.value).toMatchObject({ message: "no answer (false): fetch failed" });
    expect(notJson).toHaveBeenCalledWith(200, "<html>proxy error</html>");
    expect(texts).toEqual(["upstream down"]);
    expect(error).toMatchObject({ kind: "transient", status: 503, message: "example had a server error (HTTP 503).; 3 attempts" });
  });
});

describe("requestJson with a throttle strategy", () => {
  it("holds an attempt for as long as the strategy says, then tells it the budget refilled", async () => {
    const { throttle, events } = recordingThrottle(5, 1_200);
    const { fetchImpl } = fakeFetch(json(200, { ok: true }));
    const { all, sleeps } = options({ fetchImpl, throttle });
    await requestJson({ url: URL_ }, all);
    expect(sleeps).toEqual([1_200]);
    expect(events).toEqual(["refilled", "observe 200"]);
  });

  it("shows the strategy every answer read, failed ones included", async () => {
    const { throttle, seen } = recordingThrottle(5);
    const { fetchImpl } = fakeFetch(json(503, { error: "down" }), json(200, { ok: true }));
    await requestJson({ url: URL_ }, options({ fetchImpl, throttle }).all);
    expect(seen.map((a) => [a.status, a.body])).toEqual([
      [503, { error: "down" }],
      [200, { ok: true }],
    ]);
  });

  it("waits rate limits out on the strategy's count, exactly as long as they ask, without using up attempts", async () => {
    const { throttle, events } = recordingThrottle(5);
    const { fetchImpl, calls } = fakeFetch(json(429, {}, { "retry-after": "0.1" }), json(429, {}, { "retry-after": "0.2" }), json(200, { ok: true }));
    const { all, sleeps } = options({ fetchImpl, throttle, attempts: 1 });
    expect((await requestJson({ url: URL_ }, all)).body).toEqual({ ok: true });
    expect(calls).toHaveLength(3);
    // Without the throttle the backoff (500 ms) would be the floor.
    expect(sleeps).toEqual([100, 200]);
    expect(events).toEqual(["observe 429", "refilled", "observe 429", "refilled", "observe 200"]);
  });

  it("gives up once the strategy's waits are spent", async () => {
    const { throttle } = recordingThrottle(2);
    const { fetchImpl, calls } = fakeFetch(json(429, {}, { "retry-after": "1" }));
    const { all } = options({ fetchImpl, throttle, attempts: 4, exhausted: (error, spent) => new ConnectorError(error.kind, "example", `waited ${spent.waits}`) });
    const error = await requestJson({ url: URL_ }, all).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rate_limited", message: "waited 2" });
    expect(calls).toHaveLength(3);
  });
});

describe("requestStream", () => {
  it("hands back the body unread and stops the timeout once the headers are in", async () => {
    vi.useFakeTimers();
    const { fetchImpl, calls } = fakeFetch(() => new Response("line 1\nline 2\n", { status: 200 }));
    const result = await requestStream({ url: URL_ }, options({ fetchImpl, timeoutMs: 50 }).all);
    vi.advanceTimersByTime(1_000);
    expect(calls[0]!.signal!.aborted).toBe(false);
    expect(await new Response(result.body).text()).toBe("line 1\nline 2\n");
    // No JSON accept header is added to a download.
    expect(calls[0]!.headers).toEqual({});
  });

  it("times out while waiting for the headers", async () => {
    vi.useFakeTimers();
    const hanging: FetchLike = (_url, init) => new Promise((_resolve, reject) => init.signal!.addEventListener("abort", () => reject(init.signal!.reason)));
    const pending = requestStream({ url: URL_ }, options({ fetchImpl: hanging, timeoutMs: 50, attempts: 1 }).all).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(50);
    expect(await pending).toMatchObject({ kind: "transient", message: "example (api.example.test) did not answer within 50 ms." });
  });

  it("reads and classifies a failed answer, retrying it when it is transient", async () => {
    const classified: [number, string | undefined][] = [];
    const { fetchImpl, calls } = fakeFetch(
      () => new Response("busy", { status: 503 }),
      () => new Response("expired", { status: 403 }),
    );
    const { all } = options({
      fetchImpl,
      classify: (status, _body, _response, text) => {
        classified.push([status, text]);
        return status >= 500 ? null : new ConnectorError("bad_request", "example", `refused: ${text}`, { status });
      },
    });
    const error = await requestStream({ url: URL_ }, all).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "bad_request", message: "refused: expired" });
    expect(calls).toHaveLength(2);
    expect(classified).toEqual([
      [503, "busy"],
      [403, "expired"],
    ]);
  });
});

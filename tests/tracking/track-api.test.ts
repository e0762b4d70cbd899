import { afterEach, describe, expect, it, vi } from "vitest";
import { OPTIONS, POST } from "@/app/api/v1/track/route";
import { keyedHash } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { requestDrain } from "@/lib/tracking/drain-request";
import { handleTrack } from "@/lib/tracking/ingest";
import { revokeWriteKey } from "@/lib/tracking/write-keys";
import { apiKey } from "../dashboards/support";
import { drainWorkspace, storedEvents, trackingWorkspace, trackRequest, wireEvent } from "./support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
// The in-process drain would race these tests' inbox counts; they drain when they mean to.
vi.mock("@/lib/tracking/drain-request", () => ({ requestDrain: vi.fn() }));

const json = async (response: Response) => (await response.json()) as Record<string, unknown>;
const ORIGIN = { origin: "https://shop.example.com" };

afterEach(() => {
  vi.mocked(requestDrain).mockClear();
  delete process.env.TRUSTED_PROXY_HOPS;
  delete process.env.TRACKING_RATE_PER_SECOND;
  delete process.env.TRACKING_BURST;
});

describe("POST /api/v1/track", () => {
  it("accepts the good events of a batch, names each bad one by index and field, and stores the good ones once drained", async () => {
    const { workspace, writeKey } = await trackingWorkspace();
    const good = [
      wireEvent({ properties: { plan: "pro" }, context: { library: { name: "shopify_pixel", version: "1" }, screen: { width: 390, height: 844 } } }),
      wireEvent({ event: "signup", user_id: "member-7", extra: { value: "12.50" } }),
    ];
    const batch = [
      good[0],
      wireEvent({ event: 42 }),
      good[1],
      wireEvent({ timestamp: "1999-12-31T23:59:59Z" }),
      wireEvent({ timestamp: new Date(Date.now() + 2 * 3600_000).toISOString() }),
      wireEvent({ timestamp: "2026-12-05 10:00" }),
      wireEvent({ message_id: undefined }),
      wireEvent({ context: { country: "Germany" } }),
      "not an event",
    ];
    const response = await POST(trackRequest({ body: { write_key: writeKey.key, batch }, headers: ORIGIN }));
    expect(response.status).toBe(202);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
    expect(await json(response)).toEqual({
      accepted: 2,
      rejected: [
        { index: 1, field: "batch.1.event", message: "Must be a string." },
        { index: 3, field: "batch.3.timestamp", message: expect.stringContaining("before 2000-01-01") },
        { index: 4, field: "batch.4.timestamp", message: expect.stringContaining("in the future") },
        { index: 5, field: "batch.5.timestamp", message: expect.stringContaining("with a zone") },
        { index: 6, field: "batch.6.message_id", message: "Must be a string." },
        { index: 7, field: "batch.7.context.country", message: expect.any(String) },
        { index: 8, field: "batch.8", message: "Each event must be a JSON object." },
      ],
    });
    await drainWorkspace(workspace.id);
    const rows = await storedEvents(workspace.id);
    expect(rows.map((r) => r.messageId).sort()).toEqual(good.map((g) => g.message_id).sort());
    const signup = rows.find((r) => r.event === "signup")!;
    expect(signup).toMatchObject({ userId: "member-7", properties: { value: "12.50" }, source: "browser", writeKeyId: writeKey.id });
    // Campaign parameters of the page URL land in the context for sessions to read.
    expect(signup.context).toMatchObject({ utm_source: "news", gclid: "abc" });
    const pixel = rows.find((r) => r.messageId === good[0]!.message_id)!;
    expect(pixel).toMatchObject({ source: "shopify_pixel", context: { screen: { width: 390, height: 844 } } });
    expect((await db.writeKey.findFirstOrThrow({ where: { id: writeKey.id } })).lastEventAt).not.toBeNull();
  });

  it("stores an event sent three times once, in one batch or across requests", async () => {
    const { workspace, writeKey } = await trackingWorkspace();
    const event = wireEvent();
    for (let i = 0; i < 3; i++) {
      expect((await handleTrack(trackRequest({ body: { ...event, write_key: writeKey.key } }))).status).toBe(202);
    }
    const again = wireEvent();
    expect((await handleTrack(trackRequest({ body: { write_key: writeKey.key, batch: [again, again, again] } }))).status).toBe(202);
    await drainWorkspace(workspace.id);
    // A retry after the first copy was stored, even with another timestamp, is still a duplicate.
    await handleTrack(trackRequest({ body: { ...event, timestamp: new Date(Date.now() - 3 * 86400_000).toISOString(), write_key: writeKey.key } }));
    await drainWorkspace(workspace.id);
    expect((await storedEvents(workspace.id)).map((r) => r.messageId).sort()).toEqual([event.message_id, again.message_id].sort());
  });

  it("never keeps an identify call's email or phone readable: the inbox and the events hold their keyed hashes", async () => {
    const { workspace, writeKey } = await trackingWorkspace();
    const identify = wireEvent({ event: "identify", user_id: "member-3", properties: { email: "Ann@Example.com", plan: "pro", traits: { phone: "+1 555 0100", email: "ann@example.com" } } });
    expect((await handleTrack(trackRequest({ body: { ...identify, write_key: writeKey.key } }))).status).toBe(202);
    const inbox = await db.trackingInbox.findMany({ where: { workspaceId: workspace.id } });
    expect(JSON.stringify(inbox.map((row) => row.events))).not.toMatch(/ann@|555/i);
    await drainWorkspace(workspace.id);
    const [stored] = await storedEvents(workspace.id);
    expect(JSON.stringify(stored)).not.toMatch(/ann@|555/i);
    expect(stored!.properties).toEqual({
      email_hash: keyedHash("ann@example.com"),
      plan: "pro",
      traits: { phone_hash: keyedHash("+1 555 0100"), email_hash: keyedHash("ann@example.com") },
    });
  });

  it("refuses unknown and revoked write keys (401) and a missing one, naming write_key", async () => {
    const { workspace, writeKey } = await trackingWorkspace();
    const unknown = await POST(trackRequest({ body: { ...wireEvent(), write_key: "sbw_000000000000000000000000" } }));
    expect(unknown.status).toBe(401);
    expect(((await json(unknown)).error as { fields: object }).fields).toHaveProperty("write_key");
    expect((await POST(trackRequest({ body: wireEvent() }))).status).toBe(401);
    await revokeWriteKey(workspace.id, writeKey.id);
    expect((await POST(trackRequest({ body: wireEvent(), headers: { "x-signalboard-write-key": writeKey.key } }))).status).toBe(401);
    expect(await db.trackingInbox.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("answers only the key's origins: another origin gets 403 with no CORS grant; the header works like the body", async () => {
    const { workspace, writeKey } = await trackingWorkspace(["https://shop.example.com", "https://*.brand.co"]);
    const refused = await POST(trackRequest({ body: wireEvent(), headers: { origin: "https://evil.example", "x-signalboard-write-key": writeKey.key } }));
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    expect(((await json(refused)).error as { message: string }).message).toContain("https://evil.example is not allowed");
    const sub = await POST(trackRequest({ body: wireEvent(), headers: { origin: "https://eu.brand.co", "x-signalboard-write-key": writeKey.key } }));
    expect(sub.status).toBe(202);
    expect(sub.headers.get("access-control-allow-origin")).toBe("https://eu.brand.co");
    expect(await db.trackingInbox.count({ where: { workspaceId: workspace.id } })).toBe(1);
    expect(requestDrain).toHaveBeenCalledTimes(1);

    const preflight = OPTIONS(trackRequest({ method: "OPTIONS", headers: { origin: "https://eu.brand.co", "access-control-request-method": "POST" } }));
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("x-signalboard-write-key");
  });

  it("refuses bad bodies with a 4xx naming the field: malformed JSON, wrong shapes, 10 MB, more than 100 events", async () => {
    const { workspace, writeKey } = await trackingWorkspace();
    const key = { "x-signalboard-write-key": writeKey.key };
    const fieldsOf = async (response: Response) => Object.keys(((await json(response)).error as { fields: object }).fields);

    const malformed = await POST(trackRequest({ raw: '{"event": "page_view",', headers: key }));
    expect(malformed.status).toBe(400);
    expect(await fieldsOf(malformed)).toEqual(["body"]);
    const empty = await POST(trackRequest({ raw: "", headers: key }));
    expect(empty.status).toBe(400);
    const array = await POST(trackRequest({ body: [wireEvent()], headers: key }));
    expect(await fieldsOf(array)).toEqual(["body"]);
    const notList = await POST(trackRequest({ body: { batch: "x" }, headers: key }));
    expect(await fieldsOf(notList)).toEqual(["batch"]);
    const wrongType = await POST(trackRequest({ body: wireEvent({ anonymous_id: 7, write_key: writeKey.key }) }));
    expect(wrongType.status).toBe(400);
    expect(await fieldsOf(wrongType)).toEqual(["anonymous_id"]);

    const tooMany = await POST(trackRequest({ body: { batch: Array.from({ length: 101 }, () => wireEvent()) }, headers: key }));
    expect(tooMany.status).toBe(400);
    expect(await fieldsOf(tooMany)).toEqual(["batch"]);
    const tenThousand = await POST(trackRequest({ raw: JSON.stringify({ batch: Array.from({ length: 10_000 }, () => 0) }), headers: key }));
    expect(tenThousand.status).toBe(400);
    expect(await fieldsOf(tenThousand)).toEqual(["batch"]);
    const hundredAndOne = await POST(trackRequest({ body: { batch: Array.from({ length: 101 }, () => ({})) }, headers: key }));
    expect(hundredAndOne.status).toBe(400);
    expect(((await json(hundredAndOne)).error as { message: string }).message).toContain("at most 100");

    const tenMegabytes = "x".repeat(10 * 1024 * 1024);
    const declared = await POST(trackRequest({ raw: tenMegabytes, headers: { ...key, "content-length": String(tenMegabytes.length) } }));
    expect(declared.status).toBe(413);
    // Streamed without a length: refused once 64 KB have arrived, never read whole.
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 160) controller.close();
        else controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const streamed = await POST(new Request("http://localhost/api/v1/track", { method: "POST", body: stream, headers: key, duplex: "half" } as RequestInit));
    expect(streamed.status).toBe(413);
    expect(pulled).toBeLessThan(10);
    expect(await db.trackingInbox.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("limits each key's rate with 429 and Retry-After, leaving other workspaces' keys untouched", async () => {
    process.env.TRACKING_RATE_PER_SECOND = "1";
    process.env.TRACKING_BURST = "3";
    const noisy = await trackingWorkspace();
    const quiet = await trackingWorkspace();
    const now = new Date();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await handleTrack(trackRequest({ body: { ...wireEvent(), write_key: noisy.writeKey.key } }), now)).status);
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    const limited = await handleTrack(trackRequest({ body: { ...wireEvent(), write_key: noisy.writeKey.key } }), now);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect((await handleTrack(trackRequest({ body: { ...wireEvent(), write_key: quiet.writeKey.key } }), now)).status).toBe(202);
    expect((await handleTrack(trackRequest({ body: { ...wireEvent(), write_key: noisy.writeKey.key } }), new Date(now.getTime() + 1500))).status).toBe(202);
  });

  it("takes server-side events with a secret API key of role member or higher, keeping no address whole", async () => {
    process.env.TRUSTED_PROXY_HOPS = "1";
    const { owner, workspace } = await trackingWorkspace();
    const [member, viewer] = await Promise.all([apiKey(workspace.id, owner.id, "member"), apiKey(workspace.id, owner.id, "viewer")]);
    const event = wireEvent({ event: "order_completed", context: { ip: "203.0.113.77", user_agent: "Mozilla/5.0 (X11)" } });
    const headers = { authorization: `Bearer ${member}`, "x-forwarded-for": "198.51.100.9", "cf-ipcountry": "de" };
    expect((await POST(trackRequest({ body: event, headers }))).status).toBe(202);
    expect((await POST(trackRequest({ body: wireEvent(), headers: { authorization: `Bearer ${viewer}` } }))).status).toBe(403);
    expect((await POST(trackRequest({ body: wireEvent(), headers: { authorization: "Bearer sb_nope.nope" } }))).status).toBe(401);

    const browser = await trackingWorkspace();
    const seen = wireEvent();
    await POST(trackRequest({ body: { ...seen, write_key: browser.writeKey.key }, headers: { "x-forwarded-for": "2001:db8:1:2::5", "user-agent": "Mozilla/5.0 Test" } }));
    await Promise.all([drainWorkspace(workspace.id), drainWorkspace(browser.workspace.id)]);

    const [server] = await storedEvents(workspace.id);
    expect(server).toMatchObject({ source: "server", writeKeyId: null, ipPrefix: "203.0.113.0/24", context: { country: "DE", user_agent: "Mozilla/5.0 (X11)" } });
    expect(server!.ipHash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(server)).not.toContain("203.0.113.77");
    const [visit] = await storedEvents(browser.workspace.id);
    expect(visit).toMatchObject({ source: "browser", ipPrefix: "2001:db8:1::/48", context: { user_agent: "Mozilla/5.0 Test" } });
    expect(JSON.stringify(visit)).not.toContain("2001:db8:1:2::5");
  });
});

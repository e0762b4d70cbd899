import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import * as blockedRoute from "@/app/api/v1/workspaces/[slug]/messages/blocked/route";
import * as campaignsRoute from "@/app/api/v1/workspaces/[slug]/messages/campaigns/route";
import * as eventsRoute from "@/app/api/v1/workspaces/[slug]/messages/events/route";
import * as prepareRoute from "@/app/api/v1/workspaces/[slug]/messages/prepare/route";
import * as sendsRoute from "@/app/api/v1/workspaces/[slug]/messages/sends/route";
import * as settingsRoute from "@/app/api/v1/workspaces/[slug]/messages/settings/route";
import { GET as follow } from "@/app/l/[token]/route";
import { GET as pixel } from "@/app/o/[token]/route";
import { keyedHash } from "@/lib/crypto/secrets";
import { getPool } from "@/lib/db/pool";
import { phoneHash } from "@/lib/phone/normalise";
import { apiKey, call, errorFields, freshWorkspace } from "../dashboards/support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

const CAMPAIGNS = {
  campaigns: [
    { id: "newsletter", kind: "campaign", channel: "email", name: "Weekly newsletter", folder: "Newsletters", templates: [{ id: "w49", name: "Week 49", subject: "New in" }] },
    { id: "welcome-sms", kind: "flow", channel: "sms", name: "Welcome SMS", templates: [{ id: "step-1", name: "Step 1" }] },
  ],
};

const HTML = `<html><body><a href="https://shop.example/sale?c=1&amp;d=2#top">Sale</a> <a href="mailto:hi@shop.example">Mail</a>
<a href="https://shop.example/unsubscribe?list=1">Unsubscribe</a></body></html>`;

async function account() {
  const { owner, workspace } = await freshWorkspace();
  const key = await apiKey(workspace.id, owner.id, "member");
  const params = { slug: workspace.slug };
  const campaigns = await call(campaignsRoute.POST, { method: "POST", key, params, body: CAMPAIGNS });
  expect(campaigns.status).toBe(200);
  return { owner, workspace, key, params };
}

const get = (path: string, headers: Record<string, string> = {}) => new Request(`http://localhost${path}`, { headers });
const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!;

describe("recording sends", () => {
  it("stores a batch once per send id, updating a repeated id, hashing recipients", async () => {
    const { workspace, key, params } = await account();
    const send = { id: "s-1", campaign: "newsletter", template: "w49", sent_at: "2026-12-01T23:30:00Z", email: "Eve@Example.com", status: "sent" };
    const first = await call(sendsRoute.POST, { method: "POST", key, params, body: { sends: [send, { ...send, id: "s-2", email: undefined, phone: "+14155550123", is_test: true }] } });
    expect(first).toMatchObject({ status: 200, body: { accepted: 2, created: 2, updated: 0 } });
    const again = await call(sendsRoute.POST, { method: "POST", key, params, body: { sends: [{ ...send, status: "delivered", delivered_at: "2026-12-01T23:30:05Z" }] } });
    expect(again).toMatchObject({ status: 200, body: { accepted: 1, created: 0, updated: 1 } });
    const { rows } = await getPool().query(
      "SELECT send_id, status, recipient_email_hash, recipient_phone_hash, to_char(sent_day, 'YYYY-MM-DD') AS day, is_test FROM owned_sends WHERE workspace_id = $1 ORDER BY send_id",
      [workspace.id],
    );
    expect(rows).toEqual([
      { send_id: "s-1", status: "delivered", recipient_email_hash: keyedHash("eve@example.com"), recipient_phone_hash: null, day: expect.any(String), is_test: false },
      { send_id: "s-2", status: "sent", recipient_email_hash: null, recipient_phone_hash: phoneHash("+14155550123"), day: expect.any(String), is_test: true },
    ]);
    // The phone is hashed as customers' phones are, so a send finds its customer by phone too.
    // Nothing readable about the recipient is stored.
    expect(JSON.stringify(rows)).not.toMatch(/example\.com|4155550123/i);
  });

  it("answers 400 naming the send and field: unknown campaign or template, a phone not in E.164, a repeated id; and stores none of the batch", async () => {
    const { workspace, key, params } = await account();
    const good = { id: "ok", campaign: "welcome-sms", template: "step-1", sent_at: "2026-12-01T10:00:00Z" };
    for (const [bad, field] of [
      [{ ...good, id: "a", campaign: "nope" }, "sends.1.campaign"],
      [{ ...good, id: "a", template: "nope" }, "sends.1.template"],
      [{ ...good, id: "a", phone: "4155550123" }, "sends.1.phone"],
      [{ ...good, id: "a", phone: "+1 415 555 0123" }, "sends.1.phone"],
      [{ ...good, id: "a", email: "not-an-email" }, "sends.1.email"],
      [{ ...good, id: "a", sent_at: "yesterday" }, "sends.1.sent_at"],
      [{ ...good, id: "a", segments: -1 }, "sends.1.segments"],
      [{ ...good }, "sends.1.id"],
    ] as const) {
      const result = await call(sendsRoute.POST, { method: "POST", key, params, body: { sends: [good, bad] } });
      expect(result.status, field).toBe(400);
      expect(Object.keys(errorFields(result)), field).toContain(field);
    }
    expect((await getPool().query("SELECT 1 FROM owned_sends WHERE workspace_id = $1", [workspace.id])).rowCount).toBe(0);
  });
});

describe("tracked links and the open pixel", () => {
  it("rewrites a message per recipient, follows a link with UTM and a click id, and stores the click and the open", async () => {
    const { workspace, key, params } = await account();
    const prepared = await call(prepareRoute.POST, { method: "POST", key, params, body: { campaign: "newsletter", template: "w49", html: HTML, sends: ["r-1", "r-2"] } });
    expect(prepared.status).toBe(200);
    const body = prepared.body as { links: { url: string; purpose: string }[]; messages: { send: string; html: string }[] };
    expect(body.links).toEqual([
      { position: 0, url: "https://shop.example/sale?c=1&d=2#top", purpose: "link" },
      { position: 1, url: "https://shop.example/unsubscribe?list=1", purpose: "unsubscribe" },
    ]);
    const [one, two] = body.messages;
    expect(one!.html).toContain(`href="mailto:hi@shop.example"`);
    expect(one!.html).not.toContain("shop.example/sale");
    const linksOf = (html: string) => [...html.matchAll(/href="([^"]+\/l\/[^"]+)"/g)].map((m) => m[1]!);
    expect(linksOf(one!.html)).toHaveLength(2);
    // Per recipient: nobody else's token.
    expect(linksOf(one!.html)[0]).not.toBe(linksOf(two!.html)[0]);
    const pixelUrl = /<img src="([^"]+\/o\/[^"]+)"/.exec(one!.html)![1]!;

    vi.stubEnv("TRUSTED_PROXY_HOPS", "1");
    const answer = await follow(get(`/l/x`, { "user-agent": "Mozilla/5.0", "x-forwarded-for": "198.51.100.7" }), { params: Promise.resolve({ token: tokenOf(linksOf(one!.html)[0]!) }) });
    expect(answer.status).toBe(302);
    const landing = new URL(answer.headers.get("location")!);
    expect(landing.origin + landing.pathname).toBe("https://shop.example/sale");
    expect(landing.hash).toBe("#top");
    expect(Object.fromEntries(landing.searchParams)).toEqual({
      c: "1", d: "2", utm_source: "email", utm_medium: "email", utm_campaign: "Weekly newsletter", utm_content: "Week 49", sb_cid: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
    });
    const clicks = await getPool().query(
      `SELECT s.send_id, c.click_id, c.ip_prefix, c.user_agent_class, c.human FROM owned_clicks c JOIN owned_sends s ON s.workspace_id = c.workspace_id AND s.id = c.send_id
       WHERE c.workspace_id = $1`,
      [workspace.id],
    );
    expect(clicks.rows).toEqual([{ send_id: "r-1", click_id: landing.searchParams.get("sb_cid"), ip_prefix: "198.51.100.0/24", user_agent_class: "browser", human: null }]);
    // From Apple's privacy proxy range: stored, flagged as a machine's.
    await follow(get("/l/x", { "x-forwarded-for": "17.58.1.2" }), { params: Promise.resolve({ token: tokenOf(linksOf(two!.html)[0]!) }) });
    const flagged = await getPool().query("SELECT machine, machine_reason FROM owned_clicks WHERE workspace_id = $1 AND ip_prefix = '17.58.1.0/24'", [workspace.id]);
    expect(flagged.rows).toEqual([{ machine: true, machine_reason: "proxy_range" }]);
    vi.unstubAllEnvs();

    const gif = await pixel(get("/o/x"), { params: Promise.resolve({ token: tokenOf(pixelUrl) }) });
    expect(gif.status).toBe(200);
    expect(gif.headers.get("content-type")).toBe("image/gif");
    expect(gif.headers.get("cache-control")).toContain("no-store");
    const bytes = Buffer.from(await gif.arrayBuffer());
    expect(bytes.subarray(0, 6).toString("latin1")).toBe("GIF89a");
    expect([bytes.readUInt16LE(6), bytes.readUInt16LE(8)]).toEqual([1, 1]);
    expect((await getPool().query("SELECT source FROM owned_opens WHERE workspace_id = $1", [workspace.id])).rows).toEqual([{ source: "pixel" }]);

    // The unsubscribe link records an unsubscribe for its send, once.
    for (let i = 0; i < 2; i++) {
      const unsub = await follow(get("/l/x"), { params: Promise.resolve({ token: tokenOf(linksOf(two!.html)[1]!) }) });
      expect(unsub.status).toBe(302);
    }
    const events = await getPool().query(
      "SELECT s.send_id, e.kind, e.source FROM owned_send_events e JOIN owned_sends s ON s.workspace_id = e.workspace_id AND s.id = e.send_id WHERE e.workspace_id = $1",
      [workspace.id],
    );
    expect(events.rows).toEqual([{ send_id: "r-2", kind: "unsubscribe", source: "link" }]);
  });

  it("answers a tampered token with the 404 page, or the workspace's fallback URL once set; a bad pixel is still a GIF and stores nothing", async () => {
    const { workspace, owner, key, params } = await account();
    const prepared = await call(prepareRoute.POST, { method: "POST", key, params, body: { campaign: "welcome-sms", template: "step-1", text: "Hi! https://shop.example/w", sends: ["t-1"] } });
    const text = (prepared.body as { messages: { text: string }[] }).messages[0]!.text;
    expect(text).toMatch(/^Hi! http:\/\/[^/]+\/l\/[A-Za-z0-9_-]+$/);
    const token = tokenOf(text.slice(4));
    const tampered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    const notFound = await follow(get("/l/x"), { params: Promise.resolve({ token: tampered }) });
    expect(notFound.status).toBe(404);
    expect(await notFound.text()).toContain("This link does not lead anywhere");

    const admin = await apiKey(workspace.id, owner.id, "admin");
    expect((await call(settingsRoute.PUT, { method: "PUT", key, params, body: { fallback_url: "https://shop.example/" } })).status).toBe(403);
    const bad = await call(settingsRoute.PUT, { method: "PUT", key: admin, params, body: { fallback_url: "javascript:alert(1)" } });
    expect(errorFields(bad)).toHaveProperty(["fallback_url"]);
    expect((await call(settingsRoute.PUT, { method: "PUT", key: admin, params, body: { fallback_url: "https://shop.example/" } })).status).toBe(200);
    const fallback = await follow(get("/l/x"), { params: Promise.resolve({ token: tampered }) });
    expect(fallback.status).toBe(302);
    expect(fallback.headers.get("location")).toBe("https://shop.example/");
    // A token that names no workspace at all never reaches a fallback.
    expect((await follow(get("/l/x"), { params: Promise.resolve({ token: "garbage" }) })).status).toBe(404);
    expect((await getPool().query("SELECT 1 FROM owned_clicks WHERE workspace_id = $1", [workspace.id])).rowCount).toBe(0);

    const gif = await pixel(get("/o/x"), { params: Promise.resolve({ token: "garbage" }) });
    expect(gif.status).toBe(200);
    expect(gif.headers.get("content-type")).toBe("image/gif");
    expect((await getPool().query("SELECT 1 FROM owned_opens WHERE workspace_id = $1", [workspace.id])).rowCount).toBe(0);
  });

  it("refuses an unknown template and a body with both or neither of html and text", async () => {
    const { key, params } = await account();
    const base = { campaign: "newsletter", template: "w49", sends: ["a"] };
    for (const [body, field] of [
      [{ ...base, template: "nope", html: "<p/>" }, "template"],
      [{ ...base }, "html"],
      [{ ...base, html: "<p/>", text: "x" }, "html"],
      [{ ...base, html: "<p/>", sends: [] }, "sends"],
    ] as const) {
      const result = await call(prepareRoute.POST, { method: "POST", key, params, body });
      expect(result.status, field).toBe(400);
      expect(Object.keys(errorFields(result)), field).toContain(field);
    }
  });
});

describe("blocked sends, unsubscribes and complaints", () => {
  it("counts blocked sends per node and reason, replacing a restated day, and records events once per send", async () => {
    const { key, params } = await account();
    const row = { campaign: "newsletter", template: "w49", reason: "quiet_hours", day: "2026-12-01", count: 5 };
    expect((await call(blockedRoute.POST, { method: "POST", key, params, body: { blocked: [row, { ...row, reason: "no_consent", count: 2 }] } })).status).toBe(200);
    expect((await call(blockedRoute.POST, { method: "POST", key, params, body: { blocked: [{ ...row, count: 7 }, { ...row, day: "2026-12-02", count: 1 }] } })).status).toBe(200);
    const counts = await blockedRoute.GET(new NextRequest(`http://localhost/x?from=2026-12-01&to=2026-12-31`, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve(params) });
    expect(await counts.json()).toEqual({
      blocked: [
        { campaign: "newsletter", template: "w49", reason: "no_consent", count: 2 },
        { campaign: "newsletter", template: "w49", reason: "quiet_hours", count: 8 },
      ],
    });
    const bad = await call(blockedRoute.POST, { method: "POST", key, params, body: { blocked: [{ ...row, reason: "bored" }, { ...row, campaign: "x" }] } });
    expect(Object.keys(errorFields(bad))).toContain("blocked.0.reason");
    const unknown = await call(blockedRoute.POST, { method: "POST", key, params, body: { blocked: [{ ...row, campaign: "x" }] } });
    expect(errorFields(unknown)).toHaveProperty(["blocked.0.campaign"]);

    await call(sendsRoute.POST, { method: "POST", key, params, body: { sends: [{ id: "e-1", campaign: "newsletter", template: "w49", sent_at: "2026-12-01T10:00:00Z" }] } });
    const event = { send: "e-1", kind: "spam_complaint", at: "2026-12-01T11:00:00Z" };
    expect(await call(eventsRoute.POST, { method: "POST", key, params, body: { events: [event, event] } })).toMatchObject({ status: 200, body: { accepted: 2, recorded: 1 } });
    const missing = await call(eventsRoute.POST, { method: "POST", key, params, body: { events: [{ ...event, send: "nobody" }] } });
    expect(errorFields(missing)).toHaveProperty(["events.0.send"]);
  });
});

describe("tenancy", () => {
  it("answers 404 to another workspace's key on every messages route, and its links never lead to the other's data", async () => {
    const mine = await account();
    const theirs = await account();
    const bodies: [string, (typeof sendsRoute)["POST"], unknown][] = [
      ["campaigns", campaignsRoute.POST, CAMPAIGNS],
      ["sends", sendsRoute.POST, { sends: [{ id: "x", campaign: "newsletter", template: "w49", sent_at: "2026-12-01T10:00:00Z" }] }],
      ["prepare", prepareRoute.POST, { campaign: "newsletter", template: "w49", html: HTML, sends: ["x"] }],
      ["blocked", blockedRoute.POST, { blocked: [{ campaign: "newsletter", template: "w49", reason: "other", day: "2026-12-01", count: 1 }] }],
      ["events", eventsRoute.POST, { events: [{ send: "x", kind: "unsubscribe", at: "2026-12-01T10:00:00Z" }] }],
      ["settings", settingsRoute.PUT, { fallback_url: "https://evil.example/" }],
    ];
    for (const [name, handler, body] of bodies) {
      const result = await call(handler, { method: name === "settings" ? "PUT" : "POST", key: theirs.key, params: mine.params, body });
      expect(result.status, name).toBe(404);
    }
    for (const handler of [blockedRoute.GET, settingsRoute.GET]) {
      const result = await call(handler, { method: "GET", key: theirs.key, params: mine.params });
      expect(result.status).toBe(404);
    }
    expect((await getPool().query("SELECT 1 FROM owned_sends WHERE workspace_id = $1", [mine.workspace.id])).rowCount).toBe(0);
    expect((await getPool().query("SELECT fallback_url FROM owned_settings WHERE workspace_id = $1", [mine.workspace.id])).rowCount).toBe(0);
  });
});

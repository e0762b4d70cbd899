import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { validateEvents } from "../lib/tracking/validate";
import { loaderSnippet, type ConsentMode } from "../lib/tracking/snippet/loader";

// The browser snippet on a store's page, in Chromium. A small server of the test's own plays both
// sides: the store (www.shop.localhost, which Chromium resolves to this machine) and the app
// (localhost), which serves /sb.js as the real app does and records what arrives at the event
// endpoint. The two are different sites, as a store and Signalboard are.

test.skip(({ browserName }) => browserName !== "chromium", "the snippet is specified in Chromium");

const WRITE_KEY = "sbw_testkey0000000000000000";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type SentEvent = {
  event: string;
  timestamp: string;
  message_id: string;
  anonymous_id: string;
  user_id?: string;
  page_url?: string;
  referrer?: string;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
};
type Delivery = { writeKey: string; events: SentEvent[]; mode: string | undefined; status: number };

/** The store's page: the loader exactly as the settings page hands it out, then the page's own script. */
type StorePage = { consent?: ConsentMode; script?: string; plainTag?: Record<string, string> };

const site = {
  port: 0,
  page: {} as StorePage,
  deliveries: [] as Delivery[],
  /** Answers the next this many deliveries with a 503. */
  failures: 0,
  /** Holds /sb.js back this long, so the page's own calls come before it. */
  scriptDelayMs: 0,
  script: "",
};
const appOrigin = () => `http://localhost:${site.port}`;
const storeUrl = (path: string, host = "www.shop.localhost") => `http://${host}:${site.port}${path}`;

function storeHtml(): string {
  const { plainTag } = site.page;
  const loader = plainTag
    ? `<script async src="${appOrigin()}/sb.js" ${Object.entries(plainTag).map(([name, value]) => `data-${name}="${value}"`).join(" ")}></script>`
    : loaderSnippet({ writeKey: WRITE_KEY, appUrl: appOrigin(), consent: site.page.consent });
  const own = site.page.script ? `<script>${site.page.script}</script>` : "";
  return `<!doctype html><html><head><meta charset="utf-8"><title>Winter boots</title>${loader}${own}</head><body><h1>Boots</h1><p style="height:3000px">Warm.</p></body></html>`;
}

function serve(request: http.IncomingMessage, response: http.ServerResponse) {
  const url = new URL(request.url ?? "/", "http://x");
  const cors = { "Access-Control-Allow-Origin": request.headers.origin ?? "*" };
  if (url.pathname === "/sb.js") {
    setTimeout(() => response.writeHead(200, { "Content-Type": "text/javascript" }).end(site.script), site.scriptDelayMs);
    return;
  }
  if (url.pathname === "/api/v1/track") {
    if (request.method === "OPTIONS") return void response.writeHead(204, { ...cors, "Access-Control-Allow-Methods": "POST" }).end();
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { write_key: string; batch: SentEvent[] };
      const status = site.failures > 0 ? 503 : 202;
      if (status === 503) site.failures--;
      site.deliveries.push({ writeKey: body.write_key, events: body.batch, mode: request.headers["sec-fetch-mode"] as string | undefined, status });
      response.writeHead(status, { ...cors, "Content-Type": "application/json" }).end("{}");
    });
    return;
  }
  response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(storeHtml());
}

let server: http.Server;

test.beforeAll(async ({ request }) => {
  // The script under test is the one the app serves.
  const served = await request.get("/sb.js");
  expect(served.status()).toBe(200);
  expect(served.headers()["cache-control"]).toContain("max-age=3600");
  site.script = await served.text();
  server = http.createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, resolve));
  site.port = (server.address() as AddressInfo).port;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test.beforeEach(async ({ page }) => {
  Object.assign(site, { page: {}, deliveries: [], failures: 0, scriptDelayMs: 0 });
  // Time stands still but for runFor, so batching timers and engaged time are exact.
  const now = Date.now();
  await page.clock.install({ time: now });
  await page.clock.pauseAt(now + 1_000);
});

/** Every event the endpoint accepted, in order of arrival. */
const accepted = () => site.deliveries.filter((d) => d.status === 202).flatMap((d) => d.events);
const names = () => accepted().map((e) => e.event);
const pageViews = () => accepted().filter((e) => e.event === "page_view");

/** Lets the snippet's batching timer fire. */
async function flush(page: Page) {
  await page.clock.runFor(3_500);
}

/** What a browser does when the tab goes to the background or the page is left. */
async function hide(page: Page) {
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
}

async function show(page: Page) {
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
}

async function loaded(page: Page) {
  await expect.poll(() => page.evaluate(() => typeof (window as unknown as { sb: { version?: string } }).sb.version)).toBe("string");
}

test("records the landing page view with its campaign, click ids, referrer and a stored visitor id", async ({ page, context }) => {
  await page.goto(storeUrl("/boots?utm_source=google&utm_medium=cpc&utm_campaign=winter&utm_term=boots&utm_content=a&gclid=g-1&gbraid=gb&wbraid=wb&fbclid=f-1&ttclid=t-1&msclkid=m-1&color=red"), {
    referer: "https://www.google.com/",
  });
  await loaded(page);
  await flush(page);
  await expect.poll(names).toEqual(["page_view"]);

  const [view] = accepted();
  expect(site.deliveries[0]!.writeKey).toBe(WRITE_KEY);
  expect(view!.page_url).toBe(storeUrl("/boots?utm_source=google&utm_medium=cpc&utm_campaign=winter&utm_term=boots&utm_content=a&gclid=g-1&gbraid=gb&wbraid=wb&fbclid=f-1&ttclid=t-1&msclkid=m-1&color=red"));
  expect(view!.referrer).toBe("https://www.google.com/");
  expect(view!.message_id).toMatch(UUID);
  expect(view!.anonymous_id).toMatch(UUID);
  expect(Math.abs(Date.parse(view!.timestamp) - (await page.evaluate(() => Date.now())))).toBeLessThan(60_000);
  expect(view!.context).toMatchObject({
    utm_source: "google", utm_medium: "cpc", utm_campaign: "winter", utm_term: "boots", utm_content: "a",
    gclid: "g-1", gbraid: "gb", wbraid: "wb", fbclid: "f-1", ttclid: "t-1", msclkid: "m-1",
    page_title: "Winter boots",
    library: { name: "sb.js", version: expect.stringMatching(/^\d+\.\d+\.\d+$/) },
    webdriver: true, // Playwright's Chromium is automated, and says so
  });
  expect(view!.context.color).toBeUndefined();
  expect(view!.context.user_agent).toContain("Chrome");
  expect(view!.context.screen).toEqual({ width: expect.any(Number), height: expect.any(Number) });
  // What the snippet sends is what the event API accepts: not one field of it is refused.
  expect(validateEvents(site.deliveries.flatMap((d) => d.events), new Date(), (i) => `batch.${i}`).rejected).toEqual([]);

  // One visitor id for the whole store: the cookie is set on shop.localhost. It asks for two
  // years, which Chromium caps at 400 days (renewed on every visit); the local copy keeps two years.
  const cookie = (await context.cookies(storeUrl("/"))).find((c) => c.name === "_sb_cid");
  expect(cookie?.value).toBe(view!.anonymous_id);
  expect(cookie?.domain).toBe(".shop.localhost");
  const DAY = 24 * 3600 * 1000;
  expect((cookie!.expires * 1000 - Date.now()) / DAY).toBeCloseTo(400, 0);
  const [localId, localExpiry] = (await page.evaluate(() => localStorage.getItem("_sb_cid")))!.split(":");
  expect(localId).toBe(view!.anonymous_id);
  expect((Number(localExpiry) - (await page.evaluate(() => Date.now()))) / DAY).toBeCloseTo(730, 0);

  await page.goto(storeUrl("/journal", "blog.shop.localhost"));
  await loaded(page);
  await flush(page);
  await expect.poll(pageViews).toHaveLength(2);
  expect(pageViews()[1]!.anonymous_id).toBe(view!.anonymous_id);
  expect(pageViews()[1]!.context.utm_source).toBeUndefined();
});

test("carries a tracked link's click id from the landing URL on every event of the visit, for half an hour, in this tab only", async ({ page, context }) => {
  // Where /l/{token} sends a reader: the page with its UTM parameters and the click id.
  await page.goto(storeUrl("/boots?utm_source=email&utm_medium=email&utm_campaign=Weekly&sb_cid=Ab3_x-9kLmNoPqRs"));
  await loaded(page);
  // The store drops the click id from its address bar; the visit goes on.
  await page.evaluate(() => history.replaceState({}, "", "/boots"));
  await page.evaluate(() => (window as unknown as { sb: { track: (n: string) => void } }).sb.track("added_to_cart"));
  await flush(page);
  await expect.poll(names).toEqual(["page_view", "page_view", "added_to_cart"]);
  for (const event of accepted()) expect(event.context.sb_cid, event.event).toBe("Ab3_x-9kLmNoPqRs");
  expect(pageViews()[1]!.page_url).toBe(storeUrl("/boots"));
  // The event API takes the click id as sent, and keeps it in the context it stores.
  const checked = validateEvents(accepted(), new Date(), (i) => `batch.${i}`);
  expect(checked.rejected).toEqual([]);
  expect(checked.valid.map((e) => e.context.sb_cid)).toEqual(["Ab3_x-9kLmNoPqRs", "Ab3_x-9kLmNoPqRs", "Ab3_x-9kLmNoPqRs"]);

  // The next page of the same tab still carries it; 30 minutes after landing it is gone.
  await page.goto(storeUrl("/cart"));
  await loaded(page);
  await flush(page);
  await expect.poll(pageViews).toHaveLength(3);
  expect(pageViews()[2]!.context.sb_cid).toBe("Ab3_x-9kLmNoPqRs");
  await page.clock.runFor(30 * 60_000);
  await page.evaluate(() => (window as unknown as { sb: { track: (n: string) => void } }).sb.track("late"));
  await flush(page);
  await expect.poll(names).toContain("late");
  expect(accepted().find((e) => e.event === "late")!.context.sb_cid).toBeUndefined();

  // Another tab of the same browser is another visit: it has the visitor id, not the click.
  const other = await context.newPage();
  await other.goto(storeUrl("/boots"));
  await expect.poll(() => other.evaluate(() => typeof (window as unknown as { sb: { version?: string } }).sb.version)).toBe("string");
  expect(await other.evaluate(() => sessionStorage.getItem("_sb_click"))).toBeNull();
  expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem("_sb_click") ?? "{}").id)).toBe("Ab3_x-9kLmNoPqRs");
});

test("keeps the visitor id in local storage when cookies are refused, and makes ids without randomUUID", async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(Document.prototype, "cookie", { get: () => "", set: () => undefined, configurable: true });
    delete (Crypto.prototype as { randomUUID?: unknown }).randomUUID;
  });
  await page.goto(storeUrl("/"));
  await loaded(page);
  await flush(page);
  await expect.poll(names).toEqual(["page_view"]);
  const id = accepted()[0]!.anonymous_id;
  expect(id).toMatch(UUID);
  expect(accepted()[0]!.message_id).toMatch(UUID);
  expect(await page.evaluate(() => localStorage.getItem("_sb_cid"))).toMatch(new RegExp(`^${id}:\\d+$`));

  await page.reload();
  await loaded(page);
  await flush(page);
  await expect.poll(pageViews).toHaveLength(2);
  expect(pageViews()[1]!.anonymous_id).toBe(id);
});

test("records a page view for each SPA navigation, with the engaged time of the page left", async ({ page }) => {
  await page.goto(storeUrl("/"), { referer: "https://news.example/" });
  await loaded(page);
  await page.mouse.move(10, 10);
  await page.clock.runFor(2_000);
  await page.evaluate(() => history.pushState({}, "", "/products/boots?variant=2"));
  await page.evaluate(() => history.replaceState({ scrolled: 1 }, "", "/products/boots?variant=2"));
  await page.evaluate(() => history.replaceState({}, "", "/products/boots?variant=3"));
  await page.evaluate(() => history.back());
  await page.waitForURL(storeUrl("/"));
  await flush(page);

  await expect.poll(() => names().filter((name) => name === "page_view")).toHaveLength(4);
  // An engagement event closes each page that had any engaged time.
  const [first, engaged, second] = accepted();
  const [, third, back] = accepted().filter((e) => e.event === "page_view").slice(1);
  expect(first!.referrer).toBe("https://news.example/");
  expect(engaged!.event).toBe("engagement");
  expect(engaged!.page_url).toBe(storeUrl("/"));
  expect(engaged!.properties.engaged_ms).toBeGreaterThanOrEqual(2_000);
  expect(second!.page_url).toBe(storeUrl("/products/boots?variant=2"));
  expect(second!.referrer).toBe(storeUrl("/"));
  expect(third!.page_url).toBe(storeUrl("/products/boots?variant=3"));
  expect(back!.page_url).toBe(storeUrl("/"));
  expect(new Set(accepted().map((e) => e.anonymous_id)).size).toBe(1);
  // Everything waited for the timer and went out together.
  expect(site.deliveries).toHaveLength(1);
});

test("counts engaged time only while the page is visible and the visitor active, and sends it by beacon on hide", async ({ page }) => {
  await page.goto(storeUrl("/"));
  await loaded(page);
  await flush(page);
  await expect.poll(names).toEqual(["page_view"]);

  await page.mouse.move(20, 20);
  await page.clock.runFor(60_000); // idle after the first 15 s
  await page.evaluate(() => (window as unknown as { sb: { track: (n: string, p: object) => void } }).sb.track("size_chart_opened", { size: 42 }));
  await hide(page);
  await expect.poll(names).toEqual(["page_view", "size_chart_opened", "engagement"]);
  const beacon = site.deliveries.at(-1)!;
  expect(beacon.mode).toBe("no-cors"); // navigator.sendBeacon, not the snippet's fetch
  const first = beacon.events.find((e) => e.event === "engagement")!.properties.engaged_ms as number;
  expect(first).toBeGreaterThanOrEqual(15_000);
  expect(first).toBeLessThan(20_000);

  await page.clock.runFor(120_000); // hidden: not counted
  await show(page);
  await page.mouse.move(30, 30);
  await page.clock.runFor(4_000);
  await hide(page);
  await expect.poll(names).toHaveLength(4);
  const second = accepted()[3]!;
  expect(second.event).toBe("engagement");
  expect(second.properties.engaged_ms).toBeGreaterThanOrEqual(4_000);
  expect(second.properties.engaged_ms).toBeLessThan(6_000);
});

test("sends what is waiting by beacon when the visitor leaves the page", async ({ page }) => {
  await page.goto(storeUrl("/cart"));
  await loaded(page);
  await page.evaluate(() => (window as unknown as { sb: { track: (n: string) => void } }).sb.track("checkout_clicked"));
  await page.goto("about:blank");
  await expect.poll(names).toEqual(expect.arrayContaining(["page_view", "checkout_clicked"]));
  expect(site.deliveries.every((d) => d.mode === "no-cors")).toBe(true);
});

test("batches custom events, sends a full batch at once, and identifies without keeping the email", async ({ page }) => {
  await page.goto(storeUrl("/"));
  await loaded(page);
  await page.evaluate(() => {
    const sb = (window as unknown as { sb: { track: (n: string, p?: object) => void } }).sb;
    for (let i = 1; i <= 24; i++) sb.track("viewed_item", { position: i });
  });
  // 25 events: a batch of 20 goes without waiting for the timer.
  await expect.poll(() => site.deliveries.map((d) => d.events.length)).toEqual([20]);
  await flush(page);
  await expect.poll(() => site.deliveries.map((d) => d.events.length)).toEqual([20, 5]);
  expect(accepted().filter((e) => e.event === "viewed_item").map((e) => e.properties.position)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  expect(new Set(accepted().map((e) => e.message_id)).size).toBe(25);

  site.failures = 1; // the identify is kept for a retry, so it is in storage meanwhile
  await page.evaluate(() => (window as unknown as { sb: { identify: (id: string, t: object) => void } }).sb.identify("member-7", { email: "Ada@Example.com" }));
  await expect.poll(() => site.deliveries).toHaveLength(3);
  expect(site.deliveries[2]!.events[0]).toMatchObject({ event: "identify", user_id: "member-7", properties: { email: "Ada@Example.com" } });
  const kept = await page.evaluate(() => localStorage.getItem("_sb_q") ?? "");
  expect(kept).toContain("member-7");
  expect(kept).not.toContain("Example.com");

  await page.clock.runFor(5_000); // the retry's backoff
  await expect.poll(names).toContain("identify");
  await page.evaluate(() => (window as unknown as { sb: (...a: unknown[]) => void }).sb("track", "wishlist_added"));
  await flush(page);
  await expect.poll(names).toContain("wishlist_added");
  expect(accepted().find((e) => e.event === "wishlist_added")!.user_id).toBe("member-7");
});

test("keeps unsent events across page loads and sends them, same message ids, once the endpoint answers", async ({ page }) => {
  site.failures = 1_000;
  await page.goto(storeUrl("/"));
  await loaded(page);
  await page.evaluate(() => (window as unknown as { sb: { track: (n: string) => void } }).sb.track("newsletter_signup"));
  await flush(page);
  await expect.poll(() => site.deliveries.length).toBeGreaterThanOrEqual(1);
  const tried = site.deliveries[0]!.events.map((e) => e.message_id);
  expect(site.deliveries[0]!.events.map((e) => e.event)).toEqual(["page_view", "newsletter_signup"]);
  // Backing off: a minute later it has tried only a handful of times.
  await page.clock.runFor(60_000);
  expect(site.deliveries.length).toBeLessThanOrEqual(7);
  const stored = () => page.evaluate(() => (JSON.parse(localStorage.getItem("_sb_q") ?? "[]") as { message_id: string }[]).map((e) => e.message_id));
  expect(await stored()).toEqual(tried);

  // Leaving while the endpoint fails: the beacon proves nothing, so the events stay stored.
  await page.goto(storeUrl("/next"));
  await loaded(page);
  expect(await stored()).toEqual(expect.arrayContaining(tried));
  site.failures = 0;
  await page.clock.runFor(10_000);
  await expect.poll(() => accepted().map((e) => e.message_id)).toEqual(expect.arrayContaining(tried));
  await expect.poll(stored).toEqual([]);
});

test("with consent off nothing is sent or stored until consent is given", async ({ page, context }) => {
  site.page = { consent: "off", script: 'sb.track("early"); sb.identify("member-1", { email: "x@example.com" });' };
  await page.goto(storeUrl("/"));
  await loaded(page);
  await page.evaluate(() => (window as unknown as { sb: { track: (n: string) => void } }).sb.track("later"));
  await flush(page);
  await hide(page);
  await page.clock.runFor(10_000);
  expect(site.deliveries).toEqual([]);
  expect((await context.cookies(storeUrl("/"))).map((c) => c.name)).not.toContain("_sb_cid");
  expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);

  await show(page);
  await page.evaluate(() => (window as unknown as { sb: (...a: unknown[]) => void }).sb("consent", true));
  await flush(page);
  await expect.poll(names).toEqual(["page_view"]);
  expect((await context.cookies(storeUrl("/"))).find((c) => c.name === "_sb_cid")?.value).toBe(accepted()[0]!.anonymous_id);

  // Withdrawn: the stored id goes, and nothing more is sent.
  await page.evaluate(() => (window as unknown as { sb: (...a: unknown[]) => void }).sb("consent", false));
  await page.evaluate(() => (window as unknown as { sb: { track: (n: string) => void } }).sb.track("after_withdrawal"));
  await flush(page);
  await hide(page);
  expect((await context.cookies(storeUrl("/"))).map((c) => c.name)).not.toContain("_sb_cid");
  expect(names()).toEqual(["page_view"]);
});

test("in cookieless mode events are sent with an id that lives only as long as the page", async ({ page, context }) => {
  site.page = { consent: "cookieless" };
  await page.goto(storeUrl("/"));
  await loaded(page);
  await flush(page);
  await page.reload();
  await loaded(page);
  await flush(page);
  // Delivery is at least once (a batch still in flight when the page unloads goes again by
  // beacon; the collector keeps one per message id), so count each message once.
  const views = () => [...new Map(pageViews().map((e) => [e.message_id, e])).values()];
  await expect.poll(views).toHaveLength(2);
  const [a, b] = views();
  expect(a!.anonymous_id).toMatch(UUID);
  expect(b!.anonymous_id).not.toBe(a!.anonymous_id);
  expect((await context.cookies(storeUrl("/"))).map((c) => c.name)).not.toContain("_sb_cid");
  expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
});

test("replays the calls a page made before the script arrived", async ({ page }) => {
  site.scriptDelayMs = 300;
  site.page = { script: 'sb.identify("member-3"); sb("track", "hero_seen", { slot: 1 }); window.queuedBeforeLoad = sb.q.length;' };
  await page.goto(storeUrl("/"));
  await loaded(page);
  expect(await page.evaluate(() => (window as unknown as { queuedBeforeLoad: number }).queuedBeforeLoad)).toBe(2);
  await flush(page);
  await expect.poll(names).toEqual(["page_view", "identify", "hero_seen"]);
  expect(accepted()[2]).toMatchObject({ user_id: "member-3", properties: { slot: 1 } });
});

test("works as a plain script tag, with the key and the consent mode in data attributes", async ({ page }) => {
  site.page = { plainTag: { key: WRITE_KEY, consent: "off" } };
  await page.goto(storeUrl("/"));
  await loaded(page);
  await flush(page);
  expect(site.deliveries).toEqual([]);
  await page.evaluate(() => (window as unknown as { sb: (...a: unknown[]) => void }).sb("consent", true));
  await flush(page);
  // The endpoint is the script's own app.
  await expect.poll(names).toEqual(["page_view"]);
  expect(site.deliveries[0]!.writeKey).toBe(WRITE_KEY);
});

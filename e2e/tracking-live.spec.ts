import crypto from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { signUp } from "./helpers";

// Tracking end to end in Chromium: a write key made in Settings → Tracking, its snippet copied
// into a store's page, a visitor clicking around that page, and the live view showing what the
// real event endpoint stored. The store is a page of the test's own, served by Playwright at an
// origin of its own (store.localhost, a different site from the app, as a real store is).

const STORE = "http://store.localhost";
const LANDING = `${STORE}/?utm_source=google&utm_medium=cpc&utm_campaign=winter-sale&gclid=e2e-gclid-1`;

/** The store's page: the snippet in <head> as the settings page handed it out, and a small shop that navigates like an SPA. */
function storePage(snippet: string, sandboxedSender = ""): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Winter boots</title>
${snippet}
</head><body>
<nav><a href="/products/boots" id="boots">Boots</a></nav>
<main><h1>Welcome</h1></main>
<button type="button" id="add">Add to cart</button>
<button type="button" id="sign-in">Sign in</button>
<script>
  document.getElementById("boots").addEventListener("click", function (event) {
    event.preventDefault();
    history.pushState({}, "", "/products/boots");
    document.querySelector("h1").textContent = "Boots";
  });
  document.getElementById("add").addEventListener("click", function () { sb.track("add_to_cart", { sku: "BOOT-42", quantity: 1 }); });
  document.getElementById("sign-in").addEventListener("click", function () { sb.identify("member-42", { email: "ada@example.com" }); });
</script>
${sandboxedSender}
</body></html>`;
}

/**
 * What the Shopify web pixel's sandbox does: a frame without same-origin rights posts an event,
 * so the browser sends `Origin: null`. It reports the endpoint's answer to the page.
 */
function sandboxedSender(endpoint: string, writeKey: string): string {
  const event = {
    event: "checkout_completed",
    message_id: crypto.randomUUID(),
    anonymous_id: crypto.randomUUID(),
    page_url: `${STORE}/checkouts/thank-you`,
    properties: { order_id: "5000000000123" },
    context: { library: { name: "shopify_pixel", version: "1" } },
  };
  const script = `fetch(${JSON.stringify(endpoint)}, { method: "POST", headers: { "content-type": "text/plain;charset=UTF-8" }, body: ${JSON.stringify(JSON.stringify({ write_key: writeKey, batch: [event] }))} })
    .then(function (r) { parent.postMessage({ sandboxStatus: r.status }, "*"); }, function (e) { parent.postMessage({ sandboxStatus: String(e) }, "*"); });`;
  const srcdoc = `<script>${script}</script>`.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
  return `<iframe sandbox="allow-scripts" title="pixel" srcdoc="${srcdoc}"></iframe>
<script>window.addEventListener("message", function (m) { if (m.data && "sandboxStatus" in m.data) window.sandboxStatus = m.data.sandboxStatus; });</script>`;
}

async function serveStore(page: Page, html: () => string) {
  await page.route((url) => url.origin === STORE, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html() }));
}

const chip = (row: Locator, event: string) => row.getByRole("listitem").filter({ hasText: new RegExp(`^${event}\\b`) });
const eventRow = (page: Page, event: string) => page.getByTestId("tracking-event").filter({ has: page.getByText(event, { exact: true }) });

// Each test signs up, drives a store page and waits on drains: 25 s alone, near a minute under a
// full parallel run on 2 cores, so they get two.
test.describe.configure({ timeout: 120_000 });

test("a store page with the copied snippet fills the live view: install status, the latest events, the checklist", async ({ page, context }) => {
  // The store is a public page and the app answers on loopback here; in production both are
  // public hosts, so the browser's local network access prompt is granted as a visitor never sees it.
  await context.grantPermissions(["clipboard-read", "clipboard-write", "local-network-access"]);
  const { slug } = await signUp(page);

  await page.goto(`/w/${slug}/tracking`);
  await expect(page.getByTestId("tracking-no-keys")).toBeVisible();
  await expect(page.getByTestId("tracking-no-events")).toBeVisible();
  await expect(page.getByTestId("check-snippet_installed")).toHaveAttribute("data-done", "false");

  // Settings → Tracking, from the live view's own link.
  await page.getByRole("link", { name: "Create one in tracking settings" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/settings/tracking$`));
  await page.getByLabel("Name").fill("Storefront");
  await page.getByLabel("Allowed origins").fill(STORE);
  await page.getByRole("button", { name: "Create write key" }).click();
  await expect(page.getByText('Write key "Storefront" created.')).toBeVisible();
  const keyItem = page.getByTestId("write-key");
  const writeKey = (await keyItem.locator("p.font-mono").textContent())!;
  await keyItem.getByRole("button", { name: "Copy snippet" }).click();
  await expect(keyItem.getByText("Copied.")).toBeVisible();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(snippet).toContain(writeKey);

  // The pixel gets a key of its own that admits sandboxed pages.
  const pixelKey = await page.request.post(`/api/v1/workspaces/${slug}/write-keys`, { data: { name: "Shopify pixel", allowed_origins: ["null"] } });
  expect(pixelKey.status()).toBe(201);
  const pixel = ((await pixelKey.json()) as { writeKey: { key: string } }).writeKey.key;

  // The live view stays open in its own tab and polls while the visitor shops in another.
  await page.goto(`/w/${slug}/tracking`);
  await expect(page.getByTestId("tracking-key")).toHaveCount(2);
  const endpoint = new URL("/api/v1/track", page.url()).toString();
  const store = await context.newPage();
  await serveStore(store, () => storePage(snippet, sandboxedSender(endpoint, pixel)));
  const accepted: number[] = [];
  store.on("response", (response) => {
    if (response.url() === endpoint && response.request().method() === "POST") accepted.push(response.status());
  });

  await store.goto(LANDING, { referer: "https://www.google.com/" });
  await expect.poll(() => store.evaluate(() => typeof (window as unknown as { sb: { version?: string } }).sb.version)).toBe("string");
  await store.getByRole("button", { name: "Add to cart" }).click();
  await store.getByRole("link", { name: "Boots" }).click();
  await expect(store).toHaveURL(`${STORE}/products/boots`);
  await store.getByRole("button", { name: "Sign in" }).click();
  // The sandboxed sender's answer: Origin null is taken for the key that lists it.
  await expect.poll(() => store.evaluate(() => (window as unknown as { sandboxStatus?: unknown }).sandboxStatus)).toBe(202);
  // The snippet's batch goes within its 3 s timer, to the real endpoint.
  await expect.poll(() => accepted.filter((status) => status === 202).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  expect(accepted.every((status) => status === 202)).toBe(true);

  // Back on the live view: no reload, the poll brings it all in.
  const storefront = page.getByTestId("tracking-key").filter({ hasText: "Storefront" });
  // The first drain of a freshly started server can queue behind its start-up work (the demo's).
  await expect(chip(storefront, "page_view")).toHaveText("page_view 2", { timeout: 45_000 });
  await expect(chip(storefront, "add_to_cart")).toHaveText("add_to_cart 1");
  await expect(chip(storefront, "identify")).toHaveText("identify 1");
  await expect(storefront.getByRole("cell").nth(1)).not.toHaveText("Never");
  const pixelRow = page.getByTestId("tracking-key").filter({ hasText: "Shopify pixel" });
  await expect(chip(pixelRow, "checkout_completed")).toHaveText("checkout_completed 1");

  await expect(eventRow(page, "add_to_cart")).toHaveCount(1);
  await expect(eventRow(page, "identify")).toContainText("member member-42");
  const views = eventRow(page, "page_view");
  await expect(views).toHaveCount(2);
  // Newest first: the SPA navigation, then the landing page with the campaign it carried.
  await expect(views.nth(0)).toContainText("/products/boots");
  await expect(views.nth(1)).toContainText("/?utm_source=google");
  await expect(views.nth(1).getByTestId("tracking-event-campaign")).toHaveText(/google \/ cpc \/ winter-sale\s*gclid e2e-gclid-1/);
  // The SPA page's own URL carries no campaign and none is made up for it (the session keeps the landing's).
  await expect(views.nth(0).getByTestId("tracking-event-campaign")).toHaveText("–");
  await expect(eventRow(page, "checkout_completed")).toContainText("Web pixel");
  await expect(eventRow(page, "checkout_completed")).toContainText("order 5000000000123");

  await expect(page.getByTestId("check-snippet_installed")).toHaveAttribute("data-done", "true");
  await expect(page.getByTestId("check-web_pixel_connected")).toHaveAttribute("data-done", "true");
  await expect(page.getByTestId("check-checkout_events_arriving")).toHaveAttribute("data-done", "true");
  await expect(page.getByTestId("check-orders_matched")).toHaveAttribute("data-done", "false");

  // Stored, not only shown: the visitor (the store's first-party id) has the landing URL with its
  // campaign and click id, and is known through the identify call.
  const cid = (await context.cookies(STORE)).find((cookie) => cookie.name === "_sb_cid")!.value;
  await expect
    .poll(async () => (await page.request.get(`/api/v1/workspaces/${slug}/visitors/${cid}`)).status(), { timeout: 15_000 })
    .toBe(200);
  const visitor = (await (await page.request.get(`/api/v1/workspaces/${slug}/visitors/${cid}`)).json()) as {
    status: string; first_page_url: string; first_referrer: string; events: number; links: { kind: string; method: string }[];
  };
  expect(new URL(visitor.first_page_url).searchParams.get("gclid")).toBe("e2e-gclid-1");
  expect(new URL(visitor.first_page_url).searchParams.get("utm_campaign")).toBe("winter-sale");
  expect(visitor.first_referrer).toBe("https://www.google.com/");
  expect(visitor.status).toBe("known");
  // The email went out as a keyed hash only, and links like the member id.
  expect(visitor.links.map((link) => `${link.kind} ${link.method}`).sort()).toEqual(["email identify", "member identify"]);

  // The snippet's key does not admit sandboxed pages.
  const refused = await page.request.post("/api/v1/track", {
    headers: { origin: "null", "content-type": "text/plain;charset=UTF-8" },
    data: JSON.stringify({ write_key: writeKey, batch: [{ event: "page_view", message_id: crypto.randomUUID(), anonymous_id: cid }] }),
  });
  expect(refused.status()).toBe(403);
  await store.close();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  /** Moves the focus with Tab alone until `target` has it: it is reachable from the keyboard. */
  async function tabTo(page: Page, target: Locator, limit = 80) {
    for (let i = 0; i < limit; i++) {
      if (await target.evaluate((el) => el === document.activeElement)) return;
      await page.keyboard.press("Tab");
    }
    throw new Error("Not reachable with Tab");
  }

  const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  test("the live view with events and the tracking settings work at 390 px, revoking from the keyboard", async ({ page }) => {
    const { slug } = await signUp(page);
    const created = await page.request.post(`/api/v1/workspaces/${slug}/write-keys`, { data: { name: "Storefront", allowed_origins: [STORE] } });
    const { key } = ((await created.json()) as { writeKey: { key: string } }).writeKey;
    const sent = await page.request.post("/api/v1/track", {
      headers: { origin: STORE, "content-type": "text/plain;charset=UTF-8" },
      data: JSON.stringify({
        write_key: key,
        batch: [
          { event: "page_view", message_id: crypto.randomUUID(), anonymous_id: "phone-visitor", page_url: `${LANDING}&utm_content=${"x".repeat(120)}` },
          { event: "newsletter_signup_with_a_rather_long_name", message_id: crypto.randomUUID(), anonymous_id: "phone-visitor", page_url: `${STORE}/pages/newsletter` },
        ],
      }),
    });
    expect(sent.status()).toBe(202);

    await page.goto(`/w/${slug}/tracking`);
    await expect(page.getByTestId("tracking-event")).toHaveCount(2, { timeout: 45_000 });
    expect(await noSidewaysScroll(page)).toBe(true);
    // Pausing the stream from the keyboard.
    await tabTo(page, page.getByRole("button", { name: "Pause" }));
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("live-state")).toContainText("Paused");
    await expect(page.getByRole("button", { name: "Resume" })).toHaveAttribute("aria-pressed", "true");

    await page.goto(`/w/${slug}/settings/tracking`);
    await expect(page.getByTestId("write-key")).toHaveCount(1);
    expect(await noSidewaysScroll(page)).toBe(true);
    await tabTo(page, page.getByRole("button", { name: "Revoke Storefront" }));
    await page.keyboard.press("Enter");
    // The confirmation takes the focus on its safe choice; one step back is the revoke itself.
    await expect(page.getByRole("button", { name: "Cancel" })).toBeFocused();
    await page.keyboard.press("Shift+Tab");
    await expect(page.getByRole("button", { name: "Revoke key" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByText("Write key revoked. Events sent with it are now refused.")).toBeVisible();
    await expect(page.getByTestId("write-keys-empty")).toBeVisible();
    expect(await noSidewaysScroll(page)).toBe(true);

    const after = await page.request.post("/api/v1/track", {
      headers: { origin: STORE, "content-type": "text/plain;charset=UTF-8" },
      data: JSON.stringify({ write_key: key, event: "page_view", message_id: crypto.randomUUID(), anonymous_id: "phone-visitor" }),
    });
    expect(after.status()).toBe(401);
  });
});

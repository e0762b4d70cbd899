import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { loaderSnippet } from "../lib/tracking/snippet/loader";
import { signUp } from "./helpers";

// On-site messages end to end in Chromium: a store page (www.shop.localhost, served by this
// test) loads the real snippet from the app, which asks the real endpoints for its pop-ups,
// confirms them for the visitor and reports what happened as tracked events. Targeting is by
// audience (a member signed in on the page vs an anonymous visitor) and by a customer's tag (the
// visitor identified as a tagged customer vs another customer or nobody).

test.skip(({ browserName }) => browserName !== "chromium", "the snippet is specified in Chromium");

const store = { port: 0, key: "", member: false };
const STORE_HOST = "www.shop.localhost";
const storeOrigin = () => `http://${STORE_HOST}:${store.port}`;

/** A signed-in customer's page (`?as=<name>`) identifies them by member id and email, as a store's theme would. */
const customerEmail = (name: string) => `${name}@popups.example.com`;

function storeHtml(url: URL): string {
  // A member's page identifies them before /sb.js arrives, as a store's theme would.
  const as = url.searchParams.get("as");
  const own = as
    ? `<script>sb.identify(${JSON.stringify(`member-${as}`)}, { email: ${JSON.stringify(customerEmail(as))} });</script>`
    : store.member ? `<script>sb.identify("member-1");</script>` : "";
  const cart = `<button id="add" onclick="sb.track('product_added_to_cart', { sku: 'B1' })">Add to cart</button>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Boots</title>${loaderSnippet({ writeKey: store.key, appUrl: BASE_URL })}${own}</head>` +
    `<body><h1>Boots</h1><a id="first" href="#">first link</a>${cart}</body></html>`;
}

let server: http.Server;
test.beforeAll(async () => {
  server = http.createServer((request, response) =>
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(storeHtml(new URL(request.url ?? "/", storeOrigin()))),
  );
  await new Promise<void>((resolve) => server.listen(0, resolve));
  store.port = (server.address() as AddressInfo).port;
});
test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

type Confirm = { show: boolean; arm: string | null; reason: string | null };

/** Opens the store page in a fresh browser (a new visitor) and returns it with the next confirm's answer. */
async function visit(browser: Browser, path: string, member: boolean, act?: (page: Page) => Promise<void>) {
  store.member = member;
  const context = await browser.newContext();
  const page = await context.newPage();
  const confirmed = page.waitForResponse((r) => r.url().endsWith("/api/v1/popups/confirm"));
  await page.goto(`${storeOrigin()}${path}`);
  if (act) await act(page);
  const answer = (await (await confirmed).json()) as Confirm;
  return { page, context, answer };
}

test("a pop-up for members shows to a signed-in visitor after its wait, is keyboard-accessible, and is reported", async ({ page, browser }) => {
  const { slug } = await signUp(page);
  await page.setViewportSize({ width: 390, height: 844 });
  const created = await page.request.post(`/api/v1/workspaces/${slug}/write-keys`, { data: { name: "Storefront", allowed_origins: [`http://${STORE_HOST}:${store.port}`] } });
  store.key = ((await created.json()) as { writeKey: { key: string } }).writeKey.key;

  // Made in the editor, as a member of the team would.
  await page.goto(`/w/${slug}/channels/popups`);
  await expect(page.getByText("No pop-ups yet.")).toBeVisible();
  await page.getByRole("link", { name: "New pop-up" }).click();
  const form = page.getByRole("form", { name: "New pop-up" });
  await form.getByLabel("Name", { exact: true }).fill("Members' boots");
  await form.getByLabel("Title").fill("Members save 10 %");
  await form.getByLabel("Text").fill("<b>Not bold</b>, only text.");
  await form.getByLabel("Button label").fill("See boots");
  await form.getByLabel("Button link").fill(`${storeOrigin()}/collections/boots`);
  await form.getByLabel("Pages (URL pattern)").fill("/products/*");
  await form.getByLabel("Seconds (wait or visible)").fill("1");
  await form.getByLabel("Audience").selectOption("member");
  await expect(form.getByRole("figure", { name: "Preview" })).toContainText("Members save 10 %");
  await form.getByRole("button", { name: "Create pop-up" }).click();
  await expect(page.getByText("Pop-up saved.")).toBeVisible();
  await expect(page.getByTestId("popup-row")).toContainText("members");
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

  // An anonymous visitor qualifies for nothing: the server says so, and no dialog appears.
  const stranger = await visit(browser, "/products/boots", false);
  expect(stranger.answer).toEqual({ show: false, arm: null, reason: "audience" });
  await expect(stranger.page.getByRole("dialog")).toHaveCount(0);
  await stranger.context.close();

  // A signed-in member sees it once the wait is over, focus inside, text shown as text.
  const member = await visit(browser, "/products/boots", true);
  expect(member.answer).toEqual({ show: true, arm: "show", reason: null });
  const dialog = member.page.getByRole("dialog", { name: "Members save 10 %" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("<b>Not bold</b>, only text.");
  await expect(dialog.getByRole("link", { name: "See boots" })).toBeFocused();
  await member.page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Close" })).toBeFocused();
  await member.page.keyboard.press("Tab");
  await expect(dialog.getByRole("link", { name: "See boots" })).toBeFocused();
  await member.page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  // Leaving the page sends what the snippet queued (shown, closed) by beacon.
  await member.page.goto("about:blank");
  await member.context.close();

  // The owned-channel report counts the show once the events are stored.
  await expect(async () => {
    await page.goto(`/w/${slug}/channels/owned`);
    await expect(page.getByTestId("popup-report-row")).toContainText(/Members' boots\s*1\s*0/);
  }).toPass({ timeout: 30_000 });
});

test("an event trigger shows its pop-up when the page tracks the event, and not before", async ({ page, browser }) => {
  const { slug } = await signUp(page);
  const created = await page.request.post(`/api/v1/workspaces/${slug}/write-keys`, { data: { name: "Storefront", allowed_origins: [`http://${STORE_HOST}:${store.port}`] } });
  store.key = ((await created.json()) as { writeKey: { key: string } }).writeKey.key;
  const made = await page.request.post(`/api/v1/workspaces/${slug}/popups`, {
    data: { name: "Cart", title: "Free shipping today", trigger_type: "event", trigger_event: "product_added_to_cart", url_pattern: "/products/*" },
  });
  expect(made.status()).toBe(201);

  const shopper = await visit(browser, "/products/boots", false, async (p) => {
    await p.waitForLoadState("networkidle");
    await expect(p.getByRole("dialog")).toHaveCount(0);
    await p.getByRole("button", { name: "Add to cart" }).click();
  });
  expect(shopper.answer.show).toBe(true);
  const dialog = shopper.page.getByRole("dialog", { name: "Free shipping today" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toHaveCount(0);
  // Once per visit: tracking the event again shows nothing more.
  await shopper.page.getByRole("button", { name: "Add to cart" }).click();
  await expect(shopper.page.getByRole("dialog")).toHaveCount(0);
  await shopper.context.close();
});

/** A browser of a customer who signed in on the store (`?as=`), once the app resolved its visitor to that customer. */
async function customerBrowser(browser: Browser, page: Page, slug: string, name: string) {
  const context = await browser.newContext();
  const account = await context.newPage();
  await account.goto(`${storeOrigin()}/account?as=${name}`);
  const anonymousId = (await context.cookies()).find((c) => c.name === "_sb_cid")?.value;
  expect(anonymousId).toBeTruthy();
  // The identify reaches the event API, is drained, and the identity graph names the customer
  // (the drain shares the background jobs' connections with whatever else is running: be patient).
  await expect
    .poll(async () => {
      const response = await page.request.get(`/api/v1/workspaces/${slug}/visitors/${anonymousId}`);
      return response.ok() ? ((await response.json()) as { customer_id: string | null }).customer_id : null;
    }, { timeout: 60_000 })
    .not.toBeNull();
  await account.close();
  return context;
}

/** A product page in a new tab of that browser (a new visit), with the confirm's answer. */
async function productPage(context: BrowserContext, name: string | null) {
  const page = await context.newPage();
  const confirmed = page.waitForResponse((r) => r.url().endsWith("/api/v1/popups/confirm"));
  await page.goto(`${storeOrigin()}/products/boots${name ? `?as=${name}` : ""}`);
  return { page, answer: (await (await confirmed).json()) as Confirm };
}

test("a pop-up targeted at a tag shows to a tagged customer's visitor and to no one else", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const { slug } = await signUp(page);
  const created = await page.request.post(`/api/v1/workspaces/${slug}/write-keys`, { data: { name: "Storefront", allowed_origins: [storeOrigin()] } });
  store.key = ((await created.json()) as { writeKey: { key: string } }).writeKey.key;

  // Two customers of the store, from its order history.
  const orders = [
    "order_id,created_at,currency,customer_email,line_title,line_quantity,line_unit_price",
    `P-1,2026-11-02T10:00:00Z,USD,${customerEmail("ada")},Alpha Pro,1,80.00`,
    `P-2,2026-11-03T10:00:00Z,USD,${customerEmail("bo")},Alpha Pro,1,80.00`,
  ].join("\n");
  const imported = await page.request.post(`/api/v1/workspaces/${slug}/imports/orders`, { headers: { "content-type": "text/csv" }, data: orders });
  expect(imported.status()).toBe(200);

  // Ada is tagged by hand, by her email, once her customer profile is there.
  const tagged = await page.request.post(`/api/v1/workspaces/${slug}/tags`, { data: { name: "Boot lovers" } });
  expect(tagged.status()).toBe(201);
  const tagId = ((await tagged.json()) as { id: string }).id;
  await expect(async () => {
    const upload = await page.request.post(`/api/v1/workspaces/${slug}/tags/${tagId}/members/upload`, {
      headers: { "content-type": "text/csv" },
      data: `email\n${customerEmail("ada")}\n`,
    });
    expect(upload.status()).toBe(200);
    expect(await upload.json()).toMatchObject({ applied: true });
  }).toPass({ timeout: 30_000 });

  // The pop-up, made in the editor, is for that tag only.
  await page.goto(`/w/${slug}/channels/popups`);
  await page.getByRole("link", { name: "New pop-up" }).click();
  const form = page.getByRole("form", { name: "New pop-up" });
  await form.getByLabel("Name", { exact: true }).fill("Boot lovers' preview");
  await form.getByLabel("Title").fill("New boots, for you first");
  await form.getByLabel("Pages (URL pattern)").fill("/products/*");
  await form.getByLabel("Seconds (wait or visible)").fill("1");
  await form.getByLabel("Only people tagged").selectOption({ label: "Boot lovers" });
  await form.getByRole("button", { name: "Create pop-up" }).click();
  await expect(page.getByText("Pop-up saved.")).toBeVisible();

  // Ada, signed in on the store, sees it on her next visit.
  const ada = await customerBrowser(browser, page, slug, "ada");
  const adaVisit = await productPage(ada, "ada");
  expect(adaVisit.answer).toEqual({ show: true, arm: "show", reason: null });
  await expect(adaVisit.page.getByRole("dialog", { name: "New boots, for you first" })).toBeVisible();
  await ada.close();

  // Bo is a known customer without the tag: the server refuses, and no dialog appears.
  const bo = await customerBrowser(browser, page, slug, "bo");
  const boVisit = await productPage(bo, "bo");
  expect(boVisit.answer).toEqual({ show: false, arm: null, reason: "tag" });
  await boVisit.page.waitForLoadState("networkidle");
  await expect(boVisit.page.getByRole("dialog")).toHaveCount(0);
  await bo.close();

  // Nor does an anonymous visitor see it.
  const stranger = await browser.newContext();
  const strangerVisit = await productPage(stranger, null);
  expect(strangerVisit.answer).toEqual({ show: false, arm: null, reason: "tag" });
  await expect(strangerVisit.page.getByRole("dialog")).toHaveCount(0);
  await stranger.close();
});

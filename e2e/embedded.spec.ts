import { expect, test, type Frame, type Page } from "@playwright/test";
import { IDS } from "@/lib/connectors/shopify/demo/generator";
import { EMBEDDED_API_KEY, EMBEDDED_API_SECRET } from "../playwright.embedded.config";
import { POLARIS_SRC } from "@/components/embedded/polaris-src";
import { embeddedSrc, frameIn, openInAdmin, sessionToken, uniqueShop } from "./embedded/admin-harness";
import { signUp } from "./helpers";

// Runs with playwright.embedded.config.ts: the app with Shopify credentials, its shops answered
// by the stand-in Shopify three ports above the app's (e2e/embedded/shopify-stand-in.ts), and the
// admin and App Bridge's CDN played by e2e/embedded/admin-harness.ts.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const APP = `http://localhost:${PORT}`;
const SHOPIFY = `http://localhost:${PORT + 3}`;

const token = (shop: string, secret = EMBEDDED_API_SECRET, sub?: string) => sessionToken(shop, EMBEDDED_API_KEY, secret, sub);
const exchangesFor = async (page: Page, shop: string) =>
  ((await (await page.request.get(`${SHOPIFY}/__exchanges`)).json()) as { shop: string }[]).filter((e) => e.shop === shop).length;
const appFrame = (page: Page): Frame => page.frames().find((f) => f.name() === "app-iframe")!;
// While Chromium swaps a refused frame's document for its error page, the frame is briefly gone.
const appFrameUrl = (page: Page): string => page.frames().find((f) => f.name() === "app-iframe")?.url() ?? "";

test.describe("inside the admin", () => {
  test.skip(({ isMobile }) => isMobile, "the phone project runs the layout test below");

  test("the first load installs the shop and its dashboards render inside the frame", async ({ page }) => {
    const shop = uniqueShop("install");
    const served = page.waitForResponse((r) => r.url().startsWith(`${APP}/embedded?`) && r.request().resourceType() === "document");
    const app = await openInAdmin(page, { appUrl: APP, shop, token: await token(shop) });

    // The document: framed only by its shop and the admin, with App Bridge from the CDN first.
    const headers = (await served).headers();
    expect(headers["content-security-policy"]).toBe(`frame-ancestors https://${shop} https://admin.shopify.com`);
    expect(headers["x-frame-options"]).toBeUndefined();
    expect(headers["set-cookie"]).toBeUndefined();
    await expect(app.locator('meta[name="shopify-api-key"]')).toHaveAttribute("content", EMBEDDED_API_KEY);
    // Next.js writes the head (its own scripts there are async); App Bridge is the body's first
    // script, before any of the app's content, and blocks the parser.
    const bridge = app.locator("body script").first();
    await expect(bridge).toHaveAttribute("src", "https://cdn.shopify.com/shopifycloud/app-bridge.js");
    expect(await bridge.evaluate((s: HTMLScriptElement) => s.async || s.defer || s.type === "module")).toBe(false);
    expect(await bridge.evaluate((s) => s.compareDocumentPosition(document.querySelector(".embedded-root")!) & Node.DOCUMENT_POSITION_FOLLOWING)).toBeTruthy();

    // Installed on this load: the store's card and the Overview's figures.
    await expect(app.getByTestId("embedded-store")).toContainText(/Importing your order history|Synced/);
    await expect(app.getByTestId("kpi-value").first()).toBeVisible();
    await expect(app.getByRole("region", { name: "Total sales" })).toBeVisible();
    expect(await exchangesFor(page, shop)).toBe(1);

    // The same dashboards, picked by keyboard: the range is in the URL and the figures follow it.
    await app.getByRole("navigation", { name: "Signalboard" }).getByRole("link", { name: "Dashboards" }).click();
    await expect(app.getByTestId("embedded-dashboard-name")).toHaveText("Overview");
    await expect(app.getByTestId("widget").first()).toBeVisible();
    await app.getByTestId("embedded-range-select").focus();
    await app.getByTestId("embedded-range-select").selectOption("last_7_days");
    await expect.poll(() => new URL(appFrame(page).url()).searchParams.get("range")).toBe("last_7_days");
    expect(new URL(appFrame(page).url()).searchParams.get("shop")).toBe(shop);
    await expect(app.getByRole("region", { name: "Total sales" }).getByTestId("kpi-compare-range")).toBeVisible();
    await app.getByTestId("embedded-dashboard-select").selectOption({ label: "Ads" });
    await expect(app.getByTestId("embedded-dashboard-name")).toHaveText("Ads");

    // The backfill the install queued finishes, and the home says so.
    await app.getByRole("navigation", { name: "Signalboard" }).getByRole("link", { name: "Home" }).click();
    await expect(app.getByTestId("embedded-sync-state")).toContainText("Synced", { timeout: 90_000 });
    await app.getByTestId("embedded-refresh").click();
    await expect.poll(() => appFrame(page).evaluate(() => (window as unknown as { __toasts: { message: string }[] }).__toasts.map((t) => t.message))).toContain("Figures refreshed");
    // The run reads as synced just before its closing rollup refresh, so the figures may need a
    // moment more: refreshed until the backfilled orders show.
    const orders = app.getByRole("region", { name: "Orders", exact: true }).getByTestId("kpi-value");
    await expect
      .poll(
        async () => {
          await app.getByTestId("embedded-refresh").click();
          return (await orders.textContent())?.trim();
        },
        { timeout: 60_000, intervals: [1_000, 2_000, 5_000] },
      )
      .toMatch(/^[1-9][\d,]*/);

    // The web pixel's switch and the plan Shopify bills, each a tab of the app.
    const tabs = app.getByRole("navigation", { name: "Signalboard" });
    await tabs.getByRole("link", { name: "Tracking" }).click();
    await expect(app.getByTestId("pixel-state")).toHaveText("Off");
    await expect(app.getByRole("button", { name: "Turn on the web pixel" })).toBeEnabled();
    await tabs.getByRole("link", { name: "Billing" }).click();
    // This server runs without Stripe keys, so without billing.
    await expect(app.getByText("Billing is not enabled on this installation")).toBeVisible();

    // The admin's order page links to the order's view, by its GraphQL id.
    await openInAdmin(page, { appUrl: APP, shop, token: await token(shop), path: `/embedded/orders/${encodeURIComponent(`gid://shopify/Order/${IDS.order}`)}` });
    await expect(app.getByTestId("embedded-order")).toContainText(/Order #\d+/);
    await expect(app.getByTestId("embedded-order")).toContainText("Counted as a sale");

    // A second load is not a second install.
    await openInAdmin(page, { appUrl: APP, shop, token: await token(shop) });
    await expect(app.getByTestId("kpi-value").first()).toBeVisible();
    expect(await exchangesFor(page, shop)).toBe(1);
  });

  test("the home's document arrives with the store and its figures for a valid id_token, and without them for a forged one", async ({ page }) => {
    const shop = uniqueShop("first-paint");
    const app = await openInAdmin(page, { appUrl: APP, shop, token: await token(shop) });
    await expect(app.getByTestId("kpi-value").first()).toBeVisible();
    // The HTML itself, before any script: what paints first.
    const html = async (idToken: string) => (await page.request.get(embeddedSrc({ appUrl: APP, shop, token: idToken }))).text();
    const served = await html(await token(shop));
    expect(served).toContain('data-testid="embedded-store"');
    expect(served).toContain('data-testid="kpi-value"');
    const forged = await html(await token(shop, "not-the-app-secret"));
    expect(forged).not.toContain('data-testid="kpi-value"');
    expect(forged).not.toContain('data-testid="embedded-store"');
    // Another shop's valid token in this shop's frame renders nothing of either.
    const other = uniqueShop("first-paint-other");
    expect(await (await page.request.get(embeddedSrc({ appUrl: APP, shop, token: await token(other) }))).text()).not.toContain('data-testid="kpi-value"');
    // The Overview renders its widgets into the document too.
    const overview = await (await page.request.get(embeddedSrc({ appUrl: APP, shop, token: await token(shop), path: "/embedded/dashboards" }))).text();
    expect(overview).toContain('data-testid="embedded-dashboard-name"');
  });

  test("a forged session token is refused with the reload hint, and nothing is installed", async ({ page }) => {
    const shop = uniqueShop("forged");
    const forged = await token(shop, "not-the-app-secret");
    const app = await openInAdmin(page, { appUrl: APP, shop, token: forged });
    await expect(app.getByTestId("embedded-session-error")).toContainText("Reload Signalboard from your Shopify admin.");
    await expect(app.getByRole("button", { name: "Reload" })).toBeVisible();

    const answer = await page.request.post(`${APP}/api/embedded/session`, { headers: { authorization: `Bearer ${forged}` } });
    expect(answer.status()).toBe(401);
    expect(answer.headers()["x-shopify-retry-invalid-session-request"]).toBe("1");
    expect(((await answer.json()) as { error: { reload: boolean } }).error.reload).toBe(true);

    // Shopify was never asked, and the shop has no installation for a genuine token to find.
    expect(await exchangesFor(page, shop)).toBe(0);
    const home = await page.request.get(`${APP}/api/embedded/home`, { headers: { authorization: `Bearer ${await token(shop)}` } });
    expect(home.status()).toBe(401);
    expect(((await home.json()) as { error: { message: string } }).error.message).toContain("not installed");
  });

  test("the standalone sign-in page refuses to be framed, and the app refuses frames from other sites", async ({ page }) => {
    const signIn = page.waitForResponse((r) => r.url() === `${APP}/sign-in`);
    await frameIn(page, `${APP}/sign-in`);
    expect((await signIn).headers()["content-security-policy"]).toBe("frame-ancestors 'none'");
    // Chromium replaces a refused frame's document with its error page.
    await expect.poll(() => appFrameUrl(page)).toMatch(/^chrome-error:/);
    expect(await appFrame(page).locator("form").count()).toBe(0);

    // The embedded app for one shop, framed by a site that is neither that shop nor the admin.
    await page.unrouteAll();
    const shop = uniqueShop("elsewhere");
    await frameIn(page, embeddedSrc({ appUrl: APP, shop, token: await token(shop) }), "https://elsewhere.example");
    await expect.poll(() => appFrameUrl(page)).toMatch(/^chrome-error:/);
    expect(await exchangesFor(page, shop)).toBe(0);
  });
});

test("the home and dashboards fit a phone inside the admin", async ({ page, isMobile }) => {
  test.skip(!isMobile, "the desktop project runs the tests above");
  const shop = uniqueShop("phone");
  const app = await openInAdmin(page, { appUrl: APP, shop, token: await token(shop) });
  await expect(app.getByTestId("kpi-value").first()).toBeVisible();
  for (const path of ["/embedded", "/embedded/dashboards", "/embedded/connections", "/embedded/tracking", "/embedded/billing"]) {
    await openInAdmin(page, { appUrl: APP, shop, token: await token(shop), path });
    await expect(app.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(app.getByTestId("embedded-session-error")).toHaveCount(0);
    const overflow = await appFrame(page).evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} runs off a 390 px screen`).toBeLessThanOrEqual(0);
  }
});

test.describe("the rest of the product inside the admin", () => {
  test.skip(({ isMobile }) => isMobile, "the phone project runs the layout test below");

  test("cohorts, settings, connections with consent in a new window, and a customer opened from the admin", async ({ page }) => {
    // It waits for the install's backfill before reading cohorts and a customer from it.
    test.slow();
    const shop = uniqueShop("product");
    const app = await openInAdmin(page, { appUrl: APP, shop, token: await token(shop) });
    const tabs = app.getByRole("navigation", { name: "Signalboard" });
    // The backfill the install queued brings the store's customers, from which cohorts are built.
    await expect(app.getByTestId("embedded-sync-state")).toContainText("Synced", { timeout: 90_000 });

    // Settings: the shop's zone and currency, as the stand-in Shopify gave them at install.
    await tabs.getByRole("link", { name: "Settings" }).click();
    await expect(app.getByTestId("embedded-time-zone")).toHaveText("America/New_York");
    await expect(app.getByTestId("embedded-currency")).toHaveText("USD");
    await expect(app.getByRole("table", { name: "Members" })).toContainText("Owner");

    // Cohorts: the monthly retention table, then LTV picked by keyboard (the choice in the URL).
    // A tab's view is fetched before the frame's URL changes; the server answers slowly here (as
    // under load), so reading the URL before the view has landed would reload Settings.
    await page.context().route(/\/embedded\/cohorts\?.*_rsc=/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });
    await tabs.getByRole("link", { name: "Cohorts" }).click();
    await expect(app.getByRole("heading", { level: 1 })).toHaveText("Cohorts");
    await expect(tabs.getByRole("link", { name: "Cohorts" })).toHaveAttribute("aria-current", "page");
    const cohortsUrl = appFrame(page).url();
    expect(new URL(cohortsUrl).pathname).toBe("/embedded/cohorts");
    const table = app.getByTestId("embedded-cohort-table");
    await expect
      .poll(
        async () => {
          if (await table.isVisible()) return true;
          // The people and cohorts the backfill's rollups build may land a moment after "Synced".
          await appFrame(page).goto(cohortsUrl);
          return false;
        },
        { timeout: 60_000, intervals: [2_000, 5_000] },
      )
      .toBe(true);
    await expect(table.getByRole("row").nth(1)).toContainText("%");
    await app.getByTestId("embedded-cohort-metric").focus();
    await app.getByTestId("embedded-cohort-metric").selectOption("ltv");
    await expect.poll(() => new URL(appFrame(page).url()).searchParams.get("metric")).toBe("ltv");
    await expect(app.getByTestId("embedded-cohorts")).toContainText("LTV");
    await expect(table.getByRole("row").nth(1)).toContainText("$");

    // Connections: Meta's consent opens in a new window; declining it there is reported back here.
    await page.context().route("https://www.facebook.com/**", (route) => {
      const state = new URL(route.request().url()).searchParams.get("state") ?? "";
      return route.fulfill({ status: 302, headers: { location: `${APP}/api/connect/meta/callback?error=access_denied&state=${encodeURIComponent(state)}` } });
    });
    await tabs.getByRole("link", { name: "Connections" }).click();
    await expect(app.getByTestId("embedded-store")).toBeVisible();
    const popup = page.waitForEvent("popup");
    await app.getByRole("button", { name: "Connect Meta Ads" }).click();
    const consent = await popup;
    await expect.poll(() => consent.isClosed() || consent.url(), { timeout: 20_000 }).toBe(true);
    await expect(app.getByTestId("embedded-connect-outcome")).toContainText("Meta Ads was not connected: access was not granted.");
    await expect.poll(() => appFrame(page).evaluate(() => (window as unknown as { __toasts: { message: string; isError: boolean }[] }).__toasts.some((t) => t.isError && t.message.includes("Meta Ads")))).toBe(true);
    // Google is not set up on this server: its button says what an operator must set.
    await expect(app.getByRole("button", { name: "Connect Google Ads" })).toBeDisabled();

    // The admin's customer page links to the customer's view, by GraphQL id.
    await openInAdmin(page, { appUrl: APP, shop, token: await token(shop), path: `/embedded/customers?id=${encodeURIComponent(`gid://shopify/Customer/${IDS.customer}`)}` });
    await expect(app.getByTestId("embedded-customer")).toContainText("First order");
    await expect(app.getByRole("table", { name: "Orders and refunds" }).getByRole("row").nth(1)).toContainText("Order");
  });

  test("a merchant links the shop to the workspace they already have, with a code made there", async ({ page, browser }) => {
    // The standalone workspace's owner makes a single-use code on its Connections page.
    const standalone = await browser.newContext({ baseURL: APP });
    const owner = await standalone.newPage();
    const { slug } = await signUp(owner, { name: "Wanda Workspace", workspace: "Existing Goods" });
    await owner.goto(`/w/${slug}/connections`);
    await owner.getByRole("button", { name: "Make a link code" }).click();
    const code = (await owner.getByTestId("shop-link-code").textContent())!.trim();
    expect(code).toMatch(/^sblink_/);

    // The shop's install made a workspace of its own; its installer pastes the code in Settings.
    const shop = uniqueShop("link");
    const app = await openInAdmin(page, { appUrl: APP, shop, token: await token(shop), path: "/embedded/settings" });
    const form = app.getByTestId("embedded-link-shop");
    await expect(form).toBeVisible();
    await form.getByLabel("Link code").fill(`${code.slice(0, -3)}xyz`);
    await form.getByRole("button", { name: "Link shop" }).click();
    await expect(app.getByTestId("embedded-link-error")).toContainText("This link code is not valid.");
    await form.getByLabel("Link code").fill(code);
    await form.getByRole("button", { name: "Link shop" }).click();

    // The frame opens the linked workspace: its owner among the members, the installer a member.
    await expect(app.getByRole("table", { name: "Members" })).toContainText("Wanda Workspace");
    await expect(app.getByRole("table", { name: "Members" })).toContainText("Member");
    await expect(app.getByTestId("embedded-link-shop")).toHaveCount(0);
    await expect(app.getByTestId("embedded-session-error")).toHaveCount(0);

    // The shop is the workspace's store in the standalone app, and the code is spent.
    await owner.goto(`/w/${slug}/connections`);
    await expect(owner.getByTestId("connection").filter({ hasText: shop })).toBeVisible();
    const again = await page.request.post(`${APP}/api/embedded/link`, { headers: { authorization: `Bearer ${await token(shop)}` }, data: { code } });
    expect(again.status()).toBe(400);
    await standalone.close();
  });

  test("a member reads connections but cannot connect: no buttons, and the API refuses", async ({ page }) => {
    const shop = uniqueShop("member");
    const owner = await openInAdmin(page, { appUrl: APP, shop, token: await token(shop) });
    await expect(owner.getByTestId("embedded-store")).toBeVisible();
    // A second staff member joins on their first load, as a member.
    const memberToken = await token(shop, EMBEDDED_API_SECRET, "5150");
    const app = await openInAdmin(page, { appUrl: APP, shop, token: memberToken, path: "/embedded/connections" });
    await expect(app.getByTestId("embedded-platforms")).toContainText("Only the workspace's owners and admins can connect accounts.");
    await expect(app.getByRole("button", { name: "Connect Meta Ads" })).toHaveCount(0);
    const answer = await page.request.post(`${APP}/api/embedded/connections/oauth`, { headers: { authorization: `Bearer ${memberToken}` }, data: { provider: "meta_ads" } });
    expect(answer.status()).toBe(403);
  });
});

test("cohorts, connections, settings and a customer fit a phone inside the admin", async ({ page, isMobile }) => {
  test.skip(!isMobile, "the desktop project runs the tests above");
  const shop = uniqueShop("phone-more");
  const app = await openInAdmin(page, { appUrl: APP, shop, token: await token(shop) });
  await expect(app.getByTestId("embedded-store")).toBeVisible();
  for (const path of ["/embedded/cohorts", "/embedded/connections", "/embedded/settings", `/embedded/customers/${IDS.customer}`]) {
    await openInAdmin(page, { appUrl: APP, shop, token: await token(shop), path });
    await expect(app.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(app.getByTestId("embedded-session-error")).toHaveCount(0);
    await expect(app.locator('[aria-busy="true"]')).toHaveCount(0);
    const overflow = await appFrame(page).evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} runs off a 390 px screen`).toBeLessThanOrEqual(0);
  }
});

test("with Polaris's script loaded, the views draw its web components", async ({ page, isMobile }) => {
  test.skip(isMobile, "one width is enough for which elements are drawn");
  const shop = uniqueShop("polaris");
  const app = await openInAdmin(page, { appUrl: APP, shop, token: await token(shop) });
  await expect(app.getByTestId("embedded-store")).toBeVisible();
  // A stand-in for Polaris's CDN script: it defines the elements the views use, as the real one does.
  const tags = ["s-page", "s-section", "s-button", "s-badge", "s-banner", "s-table", "s-table-header-row", "s-table-header", "s-table-body", "s-table-row", "s-table-cell"];
  await page.context().unroute(POLARIS_SRC);
  await page.context().route(POLARIS_SRC, (route) =>
    route.fulfill({ contentType: "text/javascript", body: `for (const tag of ${JSON.stringify(tags)}) customElements.define(tag, class extends HTMLElement {});` }),
  );
  await frameIn(page, embeddedSrc({ appUrl: APP, shop, token: await token(shop), path: "/embedded/settings" }));
  await expect(app.locator("s-section").first()).toBeAttached();
  await expect(app.locator('s-section[data-testid="embedded-settings-store"]')).toContainText("America/New_York");
  await expect(app.locator("s-table s-table-row").first()).toContainText("Owner");
  // Nothing of the fallback is drawn beside them.
  await expect(app.locator("section.embedded-card")).toHaveCount(0);
});

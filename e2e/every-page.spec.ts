import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { linkFromOutbox, signIn, uniqueEmail } from "./helpers";

// Every page of the app, at the project's viewport (desktop, tablet and phone: see
// playwright.config.ts): the document never scrolls sideways, navigation is on screen, tables
// that do not fit scroll inside their own box, and the console stays free of errors (hydration
// mismatches included).

const DEMO_EMAIL = "demo@signalboard.local";
const DEMO_PASSWORD = "signalboard-demo";

/**
 * The routes the app's page files define, as `/w/[slug]/dashboards/[id]`; route groups dropped.
 * The embedded app's pages (app/embedded) open only inside the Shopify admin with a session
 * token: e2e/embedded.spec.ts visits them there, at desktop and phone width.
 */
function pageRoutes(): string[] {
  const root = path.join(process.cwd(), "app");
  const embedded = path.join(root, "embedded");
  const routes: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && full !== embedded) walk(full);
      else if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) {
        const segments = path.relative(root, dir).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
        routes.push(`/${segments.join("/")}`);
      }
    }
  };
  walk(root);
  return routes.sort();
}

type Known = {
  slug: string; audienceId?: string; dashboardId?: string; digestId?: string; connectionId?: string; customerId?: string; invitePath?: string; resetPath?: string; douplusOrderPath?: string;
};
type Visit = { url: (k: Known) => string; signedIn: boolean; status?: number };

// How to reach each page. A new page file fails the first test until it is listed here.
const PAGES: Record<string, Visit> = {
  "/": { url: () => "/", signedIn: false },
  "/sign-in": { url: () => "/sign-in", signedIn: false },
  "/sign-up": { url: () => "/sign-up", signedIn: false },
  "/forgot-password": { url: () => "/forgot-password", signedIn: false },
  "/reset-password/[token]": { url: (k) => k.resetPath!, signedIn: false },
  "/invite/[token]": { url: (k) => k.invitePath!, signedIn: false },
  "/docs/api": { url: () => "/docs/api", signedIn: false },
  "/dev/outbox": { url: () => "/dev/outbox", signedIn: false },
  "/workspaces/new": { url: () => "/workspaces/new", signedIn: true },
  "/w/[slug]": { url: (k) => `/w/${k.slug}`, signedIn: true },
  "/w/[slug]/dashboards": { url: (k) => `/w/${k.slug}/dashboards`, signedIn: true },
  "/w/[slug]/dashboards/[id]": { url: (k) => `/w/${k.slug}/dashboards/${k.dashboardId}`, signedIn: true },
  "/w/[slug]/cohorts": { url: (k) => `/w/${k.slug}/cohorts?view=heatmap`, signedIn: true },
  "/w/[slug]/models/ltv": { url: (k) => `/w/${k.slug}/models/ltv`, signedIn: true },
  "/w/[slug]/connections": { url: (k) => `/w/${k.slug}/connections`, signedIn: true },
  "/w/[slug]/connections/[id]": { url: (k) => `/w/${k.slug}/connections/${k.connectionId}`, signedIn: true },
  "/w/[slug]/connections/new": { url: (k) => `/w/${k.slug}/connections/new`, signedIn: true },
  "/w/[slug]/connections/pick": { url: (k) => `/w/${k.slug}/connections/pick`, signedIn: true },
  "/w/[slug]/digests": { url: (k) => `/w/${k.slug}/digests`, signedIn: true },
  "/w/[slug]/digests/new": { url: (k) => `/w/${k.slug}/digests/new`, signedIn: true },
  "/w/[slug]/digests/[id]": { url: (k) => `/w/${k.slug}/digests/${k.digestId}`, signedIn: true },
  "/w/[slug]/digests/[id]/preview": { url: (k) => `/w/${k.slug}/digests/${k.digestId}/preview`, signedIn: true },
  "/w/[slug]/alerts": { url: (k) => `/w/${k.slug}/alerts`, signedIn: true },
  "/w/[slug]/imports": { url: (k) => `/w/${k.slug}/imports`, signedIn: true },
  "/w/[slug]/customers": { url: (k) => `/w/${k.slug}/customers`, signedIn: true },
  "/w/[slug]/audiences": { url: (k) => `/w/${k.slug}/audiences`, signedIn: true },
  "/w/[slug]/audiences/[id]": { url: (k) => `/w/${k.slug}/audiences/${k.audienceId}`, signedIn: true },
  "/w/[slug]/products": { url: (k) => `/w/${k.slug}/products`, signedIn: true },
  "/w/[slug]/customers/merges": { url: (k) => `/w/${k.slug}/customers/merges`, signedIn: true },
  "/w/[slug]/customers/segments": { url: (k) => `/w/${k.slug}/customers/segments`, signedIn: true },
  "/w/[slug]/customers/tags": { url: (k) => `/w/${k.slug}/customers/tags`, signedIn: true },
  "/w/[slug]/customers/[id]": { url: (k) => `/w/${k.slug}/customers/${k.customerId}`, signedIn: true },
  "/w/[slug]/customers/[id]/journey": { url: (k) => `/w/${k.slug}/customers/${k.customerId}/journey`, signedIn: true },
  "/w/[slug]/attribution": { url: (k) => `/w/${k.slug}/attribution`, signedIn: true },
  "/w/[slug]/creatives": { url: (k) => `/w/${k.slug}/creatives`, signedIn: true },
  "/w/[slug]/douplus": { url: (k) => `/w/${k.slug}/douplus`, signedIn: true },
  "/w/[slug]/douplus/orders/[orderId]": { url: (k) => k.douplusOrderPath!, signedIn: true },
  "/w/[slug]/exceptions": { url: (k) => `/w/${k.slug}/exceptions`, signedIn: true },
  "/w/[slug]/channels/owned": { url: (k) => `/w/${k.slug}/channels/owned`, signedIn: true },
  "/w/[slug]/channels/costs": { url: (k) => `/w/${k.slug}/channels/costs`, signedIn: true },
  "/w/[slug]/channels/folders": { url: (k) => `/w/${k.slug}/channels/folders`, signedIn: true },
  "/w/[slug]/channels/popups": { url: (k) => `/w/${k.slug}/channels/popups?edit=new`, signedIn: true },
  "/w/[slug]/crm": { url: (k) => `/w/${k.slug}/crm`, signedIn: true },
  "/w/[slug]/funnels": { url: (k) => `/w/${k.slug}/funnels?breakdown=landing_page`, signedIn: true },
  "/w/[slug]/tracking": { url: (k) => `/w/${k.slug}/tracking`, signedIn: true },
  "/w/[slug]/settings": { url: (k) => `/w/${k.slug}/settings`, signedIn: true },
  "/w/[slug]/settings/members": { url: (k) => `/w/${k.slug}/settings/members`, signedIn: true },
  "/w/[slug]/settings/api-keys": { url: (k) => `/w/${k.slug}/settings/api-keys`, signedIn: true },
  "/w/[slug]/settings/tracking": { url: (k) => `/w/${k.slug}/settings/tracking`, signedIn: true },
  "/w/[slug]/settings/metrics": { url: (k) => `/w/${k.slug}/settings/metrics`, signedIn: true },
  "/w/[slug]/settings/activity": { url: (k) => `/w/${k.slug}/settings/activity`, signedIn: true },
  "/w/[slug]/settings/notifications": { url: (k) => `/w/${k.slug}/settings/notifications`, signedIn: true },
  "/w/[slug]/settings/notifications/sink": { url: (k) => `/w/${k.slug}/settings/notifications/sink`, signedIn: true },
  "/w/[slug]/settings/support": { url: (k) => `/w/${k.slug}/settings/support`, signedIn: true },
  "/w/[slug]/settings/billing": { url: (k) => `/w/${k.slug}/settings/billing`, signedIn: true },
  "/w/[slug]/settings/audit": { url: (k) => `/w/${k.slug}/settings/audit`, signedIn: true },
  "/w/[slug]/settings/export": { url: (k) => `/w/${k.slug}/settings/export`, signedIn: true },
  "/w/[slug]/leave": { url: (k) => `/w/${k.slug}/leave`, signedIn: true },
  // The operator console is a 404 to the demo user, who is no operator.
  "/admin": { url: () => "/admin", signedIn: true, status: 404 },
  "/admin/settings": { url: () => "/admin/settings", signedIn: true, status: 404 },
  "/admin/status": { url: () => "/admin/status", signedIn: true, status: 404 },
  "/admin/jobs": { url: () => "/admin/jobs", signedIn: true, status: 404 },
  "/admin/workspaces/[id]": { url: () => "/admin/workspaces/any-workspace", signedIn: true, status: 404 },
  "/w/[slug]/[...rest]": { url: (k) => `/w/${k.slug}/no-such-page`, signedIn: true, status: 404 },
};

/** Console errors and uncaught exceptions from now on. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  return errors;
}

/** Elements that leave the page sideways, and tables wider than their box with nothing to scroll them. */
async function layoutProblems(page: Page) {
  return page.evaluate(() => {
    const html = document.documentElement;
    const problems: string[] = [];
    if (html.scrollWidth > html.clientWidth) problems.push(`the document is ${html.scrollWidth}px wide in a ${html.clientWidth}px window`);
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.getAttribute("data-testid") ? `[${el.getAttribute("data-testid")}]` : ""}`;
    for (const table of document.querySelectorAll("table")) {
      let box = table.parentElement;
      let scrolls = false;
      while (box && box !== document.body) {
        const overflow = getComputedStyle(box).overflowX;
        if (overflow === "auto" || overflow === "scroll") {
          scrolls = true;
          break;
        }
        box = box.parentElement;
      }
      const parent = table.parentElement!;
      if (!scrolls && table.scrollWidth > parent.clientWidth + 1) problems.push(`${describe(table)} is clipped: ${table.scrollWidth}px in ${parent.clientWidth}px`);
    }
    for (const nav of document.querySelectorAll("nav")) {
      for (const link of nav.querySelectorAll("a")) {
        const rect = link.getBoundingClientRect();
        if (rect.width === 0) continue;
        const navRect = nav.getBoundingClientRect();
        if (rect.left < -0.5 || rect.right > html.clientWidth + 0.5) problems.push(`navigation link "${link.textContent}" is off screen (${rect.left}–${rect.right})`);
        else if (rect.left < navRect.left - 0.5 || rect.right > navRect.right + 0.5) problems.push(`navigation link "${link.textContent}" is cut off by its bar`);
      }
    }
    return problems;
  });
}

async function check(page: Page, route: string, url: string, expectedStatus = 200) {
  const errors = watchErrors(page);
  const response = await page.goto(url);
  expect(response?.status(), `${route} (${url})`).toBe(expectedStatus);
  // Hydration runs after load; errors it finds come after that.
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100))));
  if (url.startsWith("/w/") && expectedStatus === 200) {
    const nav = page.getByRole("navigation", { name: "Workspace" });
    await expect(nav).toBeVisible();
    for (const link of await nav.getByRole("link").all()) await expect(link).toBeInViewport();
  }
  // A 404 page's own status line is the one error the browser is meant to print.
  const unexpected = errors.filter((e) => !(expectedStatus === 404 && /Failed to load resource: .* 404/.test(e)));
  expect.soft(unexpected, `${route}: console errors`).toEqual([]);
  expect.soft(await layoutProblems(page), `${route}: layout at ${page.viewportSize()?.width}px`).toEqual([]);
}

test("every page file is listed here", () => {
  expect(pageRoutes()).toEqual(Object.keys(PAGES).sort());
});

test("every page fits the screen and logs no errors", async ({ page, browser }) => {
  test.setTimeout(240_000);

  // Tokens for the pages reached from emails: an invitation and a password reset.
  await signIn(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  const known: Known = { slug: new URL(page.url()).pathname.split("/")[2]! };
  const invitee = uniqueEmail("page-tour");
  await page.goto(`/w/${known.slug}/settings/members`);
  await page.getByLabel("Email").fill(invitee);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${invitee}`)).toBeVisible();
  known.invitePath = await linkFromOutbox(page, invitee, "/invite/");

  await page.goto(`/w/${known.slug}/dashboards`);
  known.dashboardId = (await page.locator(`a[href^="/w/${known.slug}/dashboards/"]`).first().getAttribute("href"))!.split("/").pop();
  // The demo's daily digest.
  await page.goto(`/w/${known.slug}/digests`);
  known.digestId = (await page.getByTestId("digest-row").first().locator(`a[href^="/w/${known.slug}/digests/"]`).first().getAttribute("href"))!.split("/").pop();
  // The built-in rules' tags are audiences from the first visit on.
  await page.goto(`/w/${known.slug}/audiences`);
  known.audienceId = (await page.getByTestId("audience-row").first().locator(`a[href^="/w/${known.slug}/audiences/"]`).getAttribute("href"))!.split("/").pop();
  await page.goto(`/w/${known.slug}/connections`);
  known.connectionId = (await page.locator(`a[href^="/w/${known.slug}/connections/"]:not([href$="/new"])`).first().getAttribute("href"))!.split("/").pop();

  // The demo Douyin account's order with the most delivery.
  await page.goto(`/w/${known.slug}/douplus`);
  known.douplusOrderPath = (await page.getByTestId("douplus-order-link").first().getAttribute("href"))!;

  // A write key, so the tracking settings show a snippet (the widest thing on them).
  await page.goto(`/w/${known.slug}/settings/tracking`);
  await page.getByLabel("Name").fill("Page tour");
  await page.getByLabel("Allowed origins").fill("https://shop.example.com");
  await page.getByRole("button", { name: "Create write key" }).click();
  await expect(page.getByText('Write key "Page tour" created.')).toBeVisible();

  // The demo store's customers appear once its first sync has been rolled up.
  // The header's links (merges, segments, tags) share the prefix; a customer's link is anything else.
  const customer = page.locator(`a[href^="/w/${known.slug}/customers/"]:not([href$="/merges"]):not([href$="/segments"]):not([href$="/tags"])`).first();
  await expect(async () => {
    await page.goto(`/w/${known.slug}/customers`);
    await expect(customer).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 120_000 });
  known.customerId = (await customer.getAttribute("href"))!.split("/").pop();

  const visitor = await browser.newContext({ viewport: page.viewportSize(), isMobile: test.info().project.use.isMobile, hasTouch: test.info().project.use.hasTouch });
  const guest = await visitor.newPage();
  await guest.goto("/forgot-password");
  await guest.getByLabel("Email").fill(DEMO_EMAIL);
  await guest.getByRole("button", { name: /reset/i }).click();
  await expect(guest.getByText(/we have emailed it a link/)).toBeVisible();
  known.resetPath = await linkFromOutbox(guest, DEMO_EMAIL, "/reset-password/");

  for (const [route, visit] of Object.entries(PAGES)) {
    await test.step(route, () => check(visit.signedIn ? page : guest, route, visit.url(known), visit.status));
  }
  await visitor.close();
});

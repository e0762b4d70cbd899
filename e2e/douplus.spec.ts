import { expect, test, type Page } from "@playwright/test";
import { inviteNewMember, signIn } from "./helpers";

// The demo workspace's Douyin account (seeded with the demo, synced through the regular DOU+
// jobs): its orders, the video leaderboard and one order's own 5-minute series.

const DEMO_EMAIL = "demo@signalboard.local";
const DEMO_PASSWORD = "signalboard-demo";

async function demoSlug(page: Page): Promise<string> {
  await signIn(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  return new URL(page.url()).pathname.split("/")[2]!;
}

async function expectOrdersAndLeaderboard(page: Page) {
  await expect(page.getByTestId("douplus-account").first()).toContainText("(demo)");
  await expect(page.getByTestId("douplus-account").first()).toContainText(/coverage: \d+ of \d+ delivering orders/);
  expect(await page.getByTestId("douplus-order").count()).toBeGreaterThan(10);
  expect(await page.getByTestId("douplus-videos").locator("tbody tr").count()).toBeGreaterThan(1);
}

async function openFirstOrder(page: Page, slug: string) {
  const link = page.getByTestId("douplus-order-link").first();
  const orderId = (await link.textContent())!.trim();
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/douplus/orders/${orderId}\\?account=`));
  await expect(page.getByRole("heading", { name: `DOU+ order ${orderId}` })).toBeVisible();
  await expect(page.getByTestId("douplus-order-chart")).toBeVisible();
  expect(await page.getByTestId("douplus-order-buckets").locator("tbody tr").count()).toBeGreaterThan(0);
  await expect(page.getByTestId("douplus-order-raw")).toContainText(`order_id${orderId}`);
}

test("the demo workspace's DOU+ page shows orders and the leaderboard, and opens an order's series", async ({ page }) => {
  const slug = await demoSlug(page);
  await page.goto(`/w/${slug}/douplus`);
  await expect(page.getByRole("heading", { name: "DOU+", exact: true })).toBeVisible();
  await expectOrdersAndLeaderboard(page);
  // Sorted by cost, most first: the top order has delivered something.
  await expect(page.getByTestId("douplus-order").first()).not.toContainText("¥0.00");
  await openFirstOrder(page, slug);
  await page.getByRole("link", { name: "All DOU+ orders" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/douplus$`));
});

test("a viewer reads the DOU+ orders and an order's detail, and cannot reconnect the account", async ({ page, browser }) => {
  const slug = await demoSlug(page);
  const { page: viewer, context } = await inviteNewMember(page, browser, slug, "viewer");
  await viewer.goto(`/w/${slug}/douplus`);
  await expectOrdersAndLeaderboard(viewer);
  await expect(viewer.getByRole("link", { name: /^(re)?connect( |$)/i })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /^(re)?connect( |$)/i })).toHaveCount(0);
  await openFirstOrder(viewer, slug);

  // Starting the platform's sign-in to reconnect is for owners and admins.
  await page.goto(`/w/${slug}/connections`);
  const connectionId = (await page.getByTestId("connection").filter({ hasText: "抖音" }).getByRole("link", { name: "Health and sync history" }).getAttribute("href"))!.split("/").pop()!;
  const refused = await viewer.request.get(`/api/connect/douyin?workspace=${slug}&connection=${connectionId}`, { maxRedirects: 0 });
  expect(refused.status()).toBe(403);
  await context.close();
});

import { expect, test, type Page } from "@playwright/test";
import { signIn, signUp } from "./helpers";

// The demo workspace's customers: the list, sorting and search from the keyboard, a profile, the
// CSV export, and another workspace's customers staying out of reach.

const DEMO_EMAIL = "demo@signalboard.local";
const DEMO_PASSWORD = "signalboard-demo";

/** Opens the list once the demo store's first sync has been rolled up into customers. */
async function openCustomers(page: Page, slug: string) {
  const row = page.getByTestId("customer-table").getByRole("row").nth(1);
  await expect(async () => {
    await page.goto(`/w/${slug}/customers`);
    await expect(row).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 120_000 });
}

test("browse, sort, search and open the demo store's customers", async ({ page }) => {
  await signIn(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  test.setTimeout(180_000);
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Customers" }).click();
  await expect(page.getByRole("heading", { name: "Customers", level: 1 })).toBeVisible();
  await openCustomers(page, slug);
  const table = page.getByTestId("customer-table");
  // Emails in the list are masked.
  await expect(table).not.toContainText(/[a-z0-9._-]{2,}@/i);

  // Sorting is a link: reachable and followed from the keyboard.
  const netSales = table.getByRole("link", { name: /Net sales/ });
  await netSales.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/sort=net_sales/);
  await expect(table.getByRole("columnheader", { name: /Net sales/ })).toHaveAttribute("aria-sort", "descending");

  // Export the same list.
  const csv = await page.request.get(`/api/v1/workspaces/${slug}/customers?sort=net_sales&format=csv`);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).split("\r\n")[0]).toMatch(/^customer_id,email,.*net_sales \([A-Z]{3}\)/);

  // Open the top customer, then find them again by a store id from their profile.
  await table.getByRole("row").nth(1).getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "Orders and refunds" })).toBeVisible();
  const storeId = (await page.locator("xpath=//dt[normalize-space()='Store ids']/following-sibling::dd[1]//li").first().textContent())!.trim().split(" ")[0]!;
  const profileUrl = page.url();
  await page.goto(`/w/${slug}/customers`);
  await page.getByLabel("Find a customer").fill(storeId);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`search=${storeId}`));
  await expect(table.getByRole("row")).toHaveCount(2);
  expect(await table.getByRole("row").nth(1).getByRole("link").first().getAttribute("href")).toBe(new URL(profileUrl).pathname);

  // A bad filter says what is wrong instead of failing.
  await page.goto(`/w/${slug}/customers?cohort=2026-01-01&grain=day`);
  // (The route announcer is an alert too, so match by text.)
  await expect(page.getByRole("alert").filter({ hasText: "grain: unknown value" })).toBeVisible();
});

test("a new workspace says what it needs, and cannot reach the demo's customers", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const { slug } = await signUp(page);
  await page.goto(`/w/${slug}/customers`);
  await expect(page.getByText("connect a store or import orders")).toBeVisible();

  const demo = await browser.newContext();
  const demoPage = await demo.newPage();
  await signIn(demoPage, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(demoPage).toHaveURL(/\/w\/[^/]+$/);
  const demoSlug = new URL(demoPage.url()).pathname.split("/")[2]!;
  await openCustomers(demoPage, demoSlug);
  // A customer's own link (the header's links are sorts).
  const href = (await demoPage.getByTestId("customer-table").getByRole("row").nth(1).getByRole("link").first().getAttribute("href"))!;
  await demo.close();

  expect((await page.goto(href))?.status()).toBe(404);
  expect((await page.goto(href.replace(demoSlug, slug)))?.status()).toBe(404);
  expect((await page.request.get(`/api/v1/workspaces/${demoSlug}/customers`)).status()).toBe(404);
});

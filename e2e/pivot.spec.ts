import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

// A product x country pivot-table widget on a dashboard of the demo workspace (seeded by the e2e
// server): rows, Other, totals that add up, sorting by mouse and keyboard, the CSV of what is
// shown, and on a phone the table scrolling sideways inside its card with the row names pinned.

const DEMO_EMAIL = "demo@signalboard.local";
const DEMO_PASSWORD = "signalboard-demo";

/** "$1,234.56" as cents. */
const cents = (text: string) => Math.round(Number(text.replace(/[^\d.-]/g, "")) * 100);

async function cellTexts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).allInnerTexts();
}

test("a product x country pivot widget on a demo dashboard", async ({ page }) => {
  await signIn(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  // A dashboard of its own, so the demo's Overview stays as other specs read it.
  await page.goto(`/w/${slug}/dashboards`);
  await page.getByRole("form", { name: "New dashboard" }).getByLabel("Name").fill(`Products by country ${Date.now()}`);
  await page.getByTestId("create-dashboard").click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/dashboards/[^/?]+`));

  await page.getByTestId("add-widget").click();
  const dialog = page.getByTestId("widget-dialog");
  await dialog.getByLabel("Type").selectOption("pivot");
  await dialog.getByLabel("Title").fill("Net sales by product and country");
  await dialog.getByRole("checkbox", { name: /^Net sales/ }).check();
  await dialog.getByRole("checkbox", { name: /^Units/ }).check();
  // Only metrics that add up are offered.
  await expect(dialog.getByRole("checkbox", { name: /^Average order value/ })).toHaveCount(0);
  await dialog.getByLabel("Rows", { exact: true }).selectOption("product");
  await dialog.getByLabel("Columns", { exact: true }).selectOption("country");
  await dialog.getByLabel("Top rows").fill("5");
  await dialog.getByLabel("Top columns").fill("2");
  await dialog.getByTestId("widget-save").click();
  await expect(dialog).toBeHidden();

  // The demo store's last 90 days (its backfill may still be arriving on a fresh server).
  await page.getByTestId("range-preset").selectOption("last_90_days");
  const card = page.getByTestId("widget").filter({ has: page.getByRole("heading", { name: "Net sales by product and country", exact: true }) });
  await expect(async () => {
    await page.reload();
    await expect(card.getByTestId("pivot-table")).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });

  // Five products and Other; two countries, Other and the total.
  const rows = card.getByTestId("pivot-row");
  await expect(rows).toHaveCount(6);
  await expect(rows.last()).toHaveAttribute("data-other", "true");
  await expect(card.locator("thead th")).toHaveCount(5);

  // The column totals add up to the grand total, and so do the row totals.
  const totals = (await cellTexts(page, '[data-testid="pivot-totals"] td')).map(cents);
  const grand = totals.pop()!;
  expect(totals.reduce((a, b) => a + b, 0)).toBe(grand);
  const rowTotals = (await card.locator('[data-testid="pivot-row"] td:last-child').allInnerTexts()).map(cents);
  expect(rowTotals.reduce((a, b) => a + b, 0)).toBe(grand);

  // Sort by the total, lowest first, from the keyboard: Other stays last.
  const totalHeader = card.getByTestId("pivot-sort").filter({ hasText: "Total" });
  await totalHeader.focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await expect(card.locator("thead th").last()).toHaveAttribute("aria-sort", "ascending");
  const ascending = (await card.locator('[data-testid="pivot-row"]:not([data-other]) td:last-child').allInnerTexts()).map(cents);
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
  await expect(rows.last()).toHaveAttribute("data-other", "true");

  // Another metric, then the CSV: what is shown, in that order.
  await card.getByTestId("pivot-metric").selectOption("units");
  const download = page.waitForEvent("download");
  await card.getByTestId("pivot-csv").click();
  const file = await download;
  const csv = await (await file.createReadStream()).toArray();
  const lines = Buffer.concat(csv).toString("utf8").trim().split("\r\n");
  expect(lines[0]).toMatch(/^Product \/ Country \(Units\),/);
  expect(lines).toHaveLength(8);
  expect(lines[6]).toMatch(/^Other,/);
  expect(lines[7]).toMatch(/^Total,/);

  // On a phone the table scrolls sideways inside the card; the product names stay in view.
  await page.setViewportSize({ width: 390, height: 844 });
  const scroller = card.getByTestId("pivot-scroll");
  await scroller.scrollIntoViewIfNeeded();
  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(pageWidth).toBeLessThanOrEqual(390);
  await scroller.evaluate((el) => (el.scrollLeft = el.scrollWidth));
  const name = card.locator('[data-testid="pivot-row"] th').first();
  const box = (await name.boundingBox())!;
  const frame = (await scroller.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(frame.x - 1);
  expect(box.x).toBeLessThan(frame.x + 10);
});

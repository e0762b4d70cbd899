import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

// An order's journey on the demo workspace: from the customers list to a customer's profile, and
// from one of their orders to its place on the journey, where its touchpoints show their credit.
// The demo's storefront traffic is drained, and its orders matched, in the background after the
// server starts, so the first customers are tried until one order has its credit.

/** "$1,234.50" -> 123450 (the demo store's currency has two decimals). */
const cents = (text: string | null) => Math.round(Number((text ?? "").replace(/[^0-9.-]/g, "")) * 100);

async function openAnOrderWithCredit(page: Page, slug: string): Promise<string> {
  let found = "";
  await expect(async () => {
    await page.goto(`/w/${slug}/customers`);
    const hrefs = await page.locator(`a[href^="/w/${slug}/customers/"]:not([href$="/merges"]):not([href$="/segments"]):not([href$="/tags"])`).evaluateAll((links) => links.slice(0, 8).map((a) => a.getAttribute("href")!));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) {
      await page.goto(href);
      const link = page.getByTestId("order-journey-link").first();
      if ((await link.count()) === 0) continue;
      const target = (await link.getAttribute("href"))!;
      await link.click();
      await expect(page).toHaveURL(new RegExp(`/journey#order-`));
      const orderId = target.split("#order-")[1]!;
      if ((await page.locator(`#order-${orderId}`).getByTestId("journey-touch-credit").count()) > 0) {
        found = orderId;
        return;
      }
    }
    throw new Error("No order of the first customers has its credit yet.");
  }).toPass({ timeout: 180_000, intervals: [5_000] });
  return found;
}

test("an order's journey shows its touchpoints and the credit each got, by model", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, "demo@signalboard.local", "signalboard-demo");
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  const orderId = await openAnOrderWithCredit(page, slug);
  const order = page.locator(`#order-${orderId}`);
  await expect(order).toBeVisible();
  await expect(order.getByTestId("journey-touch").first()).toBeVisible();
  await expect(page.getByTestId("journey-visitors")).toBeVisible();

  // Linear, chosen by keyboard: every touch gets a part, and the parts add up to the order's value.
  await page.getByTestId("journey-model").focus();
  await page.getByTestId("journey-model").selectOption("linear");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/model=linear/);
  const linear = page.locator(`#order-${orderId}`);
  const touches = await linear.getByTestId("journey-touch").count();
  expect(touches).toBeGreaterThan(0);
  await expect(linear.getByTestId("journey-touch-credit")).toHaveCount(touches);
  const parts = await linear.getByTestId("journey-touch-revenue").allTextContents();
  const value = await linear.getByTestId("journey-order-value").textContent();
  expect(parts.reduce((sum, part) => sum + cents(part), 0)).toBe(cents(value));

  // A phone's width: nothing leaves the page sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.locator(`#order-${orderId}`)).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
});

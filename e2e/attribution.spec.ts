import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

// The attribution page on the demo workspace, whose storefront traffic arrives through the event
// API as the server starts and whose orders are matched to it in the background: the match-rate
// band shows, the model switches from the keyboard through the URL, and the data-driven view
// shows the Markov chain's evidence (or says the nightly fit has not run yet).

test("the demo workspace's attribution shows its match rate, switches model and shows the Markov view", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, "demo@signalboard.local", "signalboard-demo");
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Attribution" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/attribution`));
  // Orders are matched once the demo's events are drained: until then the page says it is waiting.
  const band = page.getByTestId("match-band");
  await expect(async () => {
    await page.reload();
    await expect(band).toHaveText(/^(Excellent|Fair|Low)$/, { timeout: 2_000 });
  }).toPass({ timeout: 150_000 });
  await expect(page.getByTestId("attribution-table")).toBeVisible();
  await expect(page.getByTestId("campaign-match")).toContainText("campaign-tagged visits");

  // The model by keyboard: focus the select, pick the first option, submit the form.
  const model = page.getByTestId("attribution-model");
  await model.focus();
  await model.selectOption("first_touch");
  await page.getByTestId("attribution-apply").press("Enter");
  await expect(page).toHaveURL(/model=first_touch/);
  await expect(model).toHaveValue("first_touch");
  await expect(page.getByTestId("attribution-csv")).toHaveAttribute("href", /model=first_touch.*format=csv/);

  await page.getByRole("navigation", { name: "Attribution views" }).getByRole("link", { name: "Markov & Shapley" }).click();
  await expect(page).toHaveURL(/view=data-driven/);
  await expect(page.getByTestId("markov-section").or(page.getByTestId("markov-unfitted"))).toBeVisible();
  // The match rate stays on every attribution view.
  await expect(band).toBeVisible();

  await page.getByRole("navigation", { name: "Attribution views" }).getByRole("link", { name: "Model comparison" }).click();
  await expect(page).toHaveURL(/view=compare/);
  await expect(page.getByTestId("model-comparison")).toContainText("First touch");
});

// The demo workspace has a CRM (its HubSpot-shaped portal, won deals tied to demo customers), so
// the page offers which conversions to credit; the choice is made from the keyboard, kept in the
// URL, the CSV link and the views' links, and fits a phone's width.
test("the demo workspace's attribution switches between orders and won CRM deals", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, "demo@signalboard.local", "signalboard-demo");
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  await page.goto(`/w/${slug}/attribution`);
  // The controls appear once the demo's tracked events have arrived.
  const conversions = page.getByTestId("attribution-conversion-type");
  await expect(async () => {
    await page.reload();
    await expect(conversions).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 150_000 });
  await expect(conversions).toHaveValue("order");
  await expect(page.getByLabel("Conversions")).toBeVisible();

  await conversions.focus();
  await conversions.selectOption("deal");
  await page.getByTestId("attribution-apply").press("Enter");
  await expect(page).toHaveURL(/conversion_type=deal/);
  await expect(conversions).toHaveValue("deal");
  await expect(page.getByTestId("attribution-csv")).toHaveAttribute("href", /conversion_type=deal.*format=csv/);
  await expect(page.getByTestId("attribution-table").or(page.getByTestId("attribution-none"))).toBeVisible();

  // Both, then another view: the choice goes with it.
  await conversions.selectOption("all");
  await page.getByTestId("attribution-apply").click();
  await expect(page).toHaveURL(/conversion_type=all/);
  await page.getByRole("navigation", { name: "Attribution views" }).getByRole("link", { name: "Model comparison" }).click();
  await expect(page).toHaveURL(/view=compare.*conversion_type=all|conversion_type=all.*view=compare/);
  await expect(conversions).toHaveValue("all");

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(conversions).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

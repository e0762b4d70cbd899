import { expect, test } from "@playwright/test";
import { formAlert, signIn, signUp } from "./helpers";

// Activity scores: an admin edits the settings from the keyboard (a bad cut is refused naming the
// field, nothing saved), and a demo customer's profile shows their score, level and RFM segment.

const DEMO_EMAIL = "demo@signalboard.local";
const DEMO_PASSWORD = "signalboard-demo";

test("an admin edits the activity settings", async ({ page }) => {
  const { slug } = await signUp(page);
  await page.goto(`/w/${slug}/settings/activity`);
  await expect(page.getByRole("heading", { name: "Activity score" })).toBeVisible();
  await expect(page.getByLabel("Half-life (days)")).toHaveValue("7");

  await page.getByLabel("Add to cart").fill("4");
  await page.getByLabel("Custom events").fill("wishlist_add = 2");
  await page.getByLabel("Half-life (days)").fill("14");
  await page.getByLabel("Half-life (days)").press("Enter");
  await expect(page.getByText("Saved. Every person's score is being recalculated.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Half-life (days)")).toHaveValue("14");
  await expect(page.getByLabel("Add to cart")).toHaveValue("4");
  await expect(page.getByLabel("Custom events")).toHaveValue("wishlist_add = 2");

  // Medium above high is refused, naming the field; the saved settings stay.
  await page.getByLabel("Medium from").fill("50");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(formAlert(page, /medium_cut/)).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Medium from")).toHaveValue("3");
});

test("a demo customer's profile shows their activity score", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  // Customers are listed once the demo store's backfill has built their profiles.
  const top = page.getByTestId("customer-table").getByRole("row").nth(1).getByRole("link").first();
  await expect(async () => {
    await page.goto(`/w/${slug}/customers?sort=net_sales`);
    await expect(top).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 150_000 });
  await top.click();
  await expect(page).toHaveURL(/\/customers\/[^/?]+$/);
  // The backfill scores them itself as it ends, right after listing them: no queued pass to wait for.
  const card = page.getByTestId("activity-card");
  await expect(async () => {
    await page.reload();
    await expect(card).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId("activity-score")).toHaveText(/^\d+\.\d{2}$/);
  await expect(page.getByTestId("activity-level")).toHaveText(/^(high|medium|low)$/);
  await expect(page.getByTestId("activity-rfm")).toContainText(/R[1-5] F[1-5] M[1-5]/);
});

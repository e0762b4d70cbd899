import { expect, test } from "@playwright/test";
import { signIn, signOut, signUp } from "./helpers";

// The LTV model page: reached from the workspace's navigation, "no model yet" before a fit, Fit now
// from the keyboard with its queued state, then the "not enough data" state with what is needed;
// another workspace's model page is a 404.

test("fit the model from the keyboard and see what it needs", async ({ page }) => {
  const owner = await signUp(page);
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "LTV model" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${owner.slug}/models/ltv$`));
  await expect(page.getByRole("heading", { name: "Predicted LTV model", level: 1 })).toBeVisible();
  await expect(page.getByTestId("ltv-none")).toContainText("No model yet");

  const fitNow = page.getByTestId("ltv-fit-now");
  await fitNow.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText(/Fit queued/)).toBeVisible();
  // The fit runs in the background; the page reloads itself when it is stored.
  const notEnough = page.getByTestId("ltv-not-enough-data");
  await expect(notEnough).toBeVisible({ timeout: 30_000 });
  await expect(notEnough).toContainText("At least 100 customers: there are 0.");
  await expect(fitNow).toHaveText("Fit now");
  await signOut(page);

  // Someone else's workspace: its model page does not exist for them.
  const other = await signUp(page);
  expect(other.slug).not.toBe(owner.slug);
  const response = await page.goto(`/w/${owner.slug}/models/ltv`);
  expect(response?.status()).toBe(404);
  // The 404 page has no workspace header to sign out from: go home first.
  await page.goto(`/w/${other.slug}`);
  await signOut(page);
  await signIn(page, owner.email);
  await expect(page).toHaveURL(new RegExp(`/w/${owner.slug}$`));
});

import { expect, test } from "@playwright/test";
import { signIn, signUp } from "./helpers";

// The CRM page on the demo workspace (its generated HubSpot portal is synced by the e2e server's
// seed through the CRM engine), and connecting HubSpot from the connections page.

const DEMO_EMAIL = "demo@signalboard.local";
const DEMO_PASSWORD = "signalboard-demo";

test("the demo workspace's CRM page shows the pipeline, its figures and deals", async ({ page }) => {
  await signIn(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "CRM" }).click();
  await expect(page.getByRole("heading", { name: "CRM pipeline" })).toBeVisible();

  // The demo portal's deals run up to the demo store's history end (November 2026).
  await page.getByLabel("From").fill("2026-01-01");
  await page.getByLabel("To").fill("2026-10-31");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/date_from=2026-01-01/);

  const funnel = page.getByTestId("pipeline-funnel");
  await expect(funnel.getByRole("heading", { name: "B2B sales" })).toBeVisible();
  await expect(funnel.getByTestId("pipeline-stage")).toHaveCount(7);
  await expect(funnel.getByTestId("pipeline-stage").first()).toContainText(/[1-9]\d* reached/);
  await expect(page.getByTestId("figure-offline_revenue")).toHaveText(/\$[1-9][\d,]*\.\d{2}/);
  await expect(page.getByTestId("figure-win_rate")).toHaveText(/\d+(\.\d+)? ?%/);
  await expect(page.getByTestId("deal-row").first()).toContainText("wholesale order");

  // A refused range names its parameter.
  await page.goto(page.url().replace("date_from=2026-01-01", "date_from=2026-13-01"));
  await expect(page.getByText(/date_from:/)).toBeVisible();
});

test("connecting HubSpot names the token field when it is missing", async ({ page }) => {
  const { slug } = await signUp(page);
  await page.goto(`/w/${slug}/crm`);
  await expect(page.getByTestId("crm-empty")).toContainText("No CRM is connected yet");
  await page.getByRole("link", { name: "Connect a CRM" }).click();

  const form = page.getByRole("form", { name: "Connect HubSpot" });
  await form.getByRole("button", { name: "Connect HubSpot" }).click();
  await expect(form.locator("#hubspot-token-error")).toHaveText("Paste the private app's access token.");
  await expect(page.getByTestId("connection")).toHaveCount(0);
});

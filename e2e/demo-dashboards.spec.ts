import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

// The demo workspace (seeded by the e2e server) with its Google Ads, Meta Ads, TikTok Ads and GA4
// demo accounts: the Ads dashboard shows every platform, with money in the workspace currency.

const DEMO_EMAIL = "demo@signalboard.local";
const DEMO_PASSWORD = "signalboard-demo";

test("the Ads dashboard shows all three ad platforms for the demo workspace", async ({ page }) => {
  await signIn(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  await page.getByTestId("dashboard-switcher").selectOption({ label: "Ads" });
  await expect(page.getByTestId("dashboard-name")).toContainText("Ads");

  const platforms = page.getByTestId("widget").filter({ hasText: "Platforms" }).getByTestId("widget-table");
  for (const platform of ["Google Ads", "Meta Ads", "TikTok Ads"]) {
    const row = platforms.getByRole("row").filter({ hasText: platform });
    await expect(row).toHaveCount(1);
    // Spend is a dollar amount above zero (TikTok's euros converted).
    await expect(row).toContainText(/\$[1-9][\d,]*\.\d{2}/);
  }

  // The range travels in the URL, and the view survives a reload.
  await page.getByLabel("Date range").selectOption("last_7_days");
  await expect(page).toHaveURL(/range=last_7_days/);
  await page.reload();
  await expect(platforms.getByRole("row").filter({ hasText: "Meta Ads" })).toHaveCount(1);
});

import { expect, test } from "@playwright/test";
import { signUp } from "./helpers";

// How long a new customer takes from the sign-up form to a first report that puts sales and ad
// spend side by side: sign up (which creates the workspace), connect the demo store, load a few
// days of ad spend from a file, and open the home dashboard on a range the demo history covers.

const GOAL_SECONDS = 180;

const AD_SPEND = [
  "date,platform,campaign,spend,currency,impressions,clicks,conversions,conversion_value",
  "2026-10-20,Meta,Autumn prospecting,412.50,USD,52000,940,21,1890.00",
  "2026-10-21,Meta,Autumn prospecting,398.10,USD,50500,910,19,1710.00",
  "2026-10-20,Google Ads,Brand search,120.00,USD,8000,610,30,2400.00",
  "2026-10-21,Google Ads,Brand search,118.75,USD,7900,600,28,2250.00",
].join("\n");

test("sign-up to a first consolidated report with the demo store", async ({ page }) => {
  test.setTimeout((GOAL_SECONDS + 60) * 1000);
  const started = Date.now();

  const { slug } = await signUp(page);

  await page.goto(`/w/${slug}/connections`);
  await page.getByRole("button", { name: "Connect the demo store" }).click();
  const connection = page.getByTestId("connection");
  await expect(connection.getByTestId("status-badge")).toHaveText("Active", { timeout: GOAL_SECONDS * 1000 });

  await page.goto(`/w/${slug}/imports`);
  await page.getByLabel("What the file holds").selectOption("ad_spend");
  await page.getByLabel(/CSV file/).setInputFiles({ name: "ad-spend.csv", mimeType: "text/csv", buffer: Buffer.from(`${AD_SPEND}\n`) });
  await expect(page.getByTestId("import-check")).toContainText("All 4 rows are valid");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  // The import refreshes the rollups right behind the backfill's own refresh and the demo
  // workspace's background jobs; with the other specs running beside it that can pass 10 s.
  await expect(page.getByText(/Imported 4 of 4 rows/)).toBeVisible({ timeout: 60_000 });

  await page.goto(`/w/${slug}?range=last_90_days`);
  const kpi = (title: string) => page.getByTestId("widget").filter({ hasText: title }).first().getByTestId("kpi-value");
  await expect(kpi("Total sales")).toHaveText(/\$[1-9][\d,]*\.\d{2}/, { timeout: 60_000 });
  await expect(kpi("Ad spend")).toHaveText("$1,049.35", { timeout: 60_000 });

  const seconds = (Date.now() - started) / 1000;
  console.log(`time_to_first_report_s ${seconds.toFixed(1)}`);
  expect(seconds).toBeLessThan(GOAL_SECONDS);
});

import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

// The cohort page on the demo workspace (seeded by the e2e server): switch the period and the
// metric, filter by first-order product group, open a cell's customers, and put a cohort widget
// on a dashboard.

const DEMO_EMAIL = "demo@signalboard.local";
const DEMO_PASSWORD = "signalboard-demo";

/** The cohorts page once the demo history's customers are grouped (the backfill may still run). */
async function openCohorts(page: Page, slug: string) {
  await expect(async () => {
    await page.goto(`/w/${slug}/cohorts`);
    await expect(page.getByTestId("cohort-heatmap")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 120_000 });
}

test("cohorts on the demo workspace: period, metric, product group, a cell's customers and a dashboard widget", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Cohorts" }).click();
  await openCohorts(page, slug);
  await expect(page.getByTestId("cohort-cell").first()).toBeVisible();

  await page.getByTestId("cohort-period").selectOption("week");
  await expect(page).toHaveURL(/period=week/);
  await expect(page.getByTestId("cohort-heatmap").getByRole("columnheader", { name: "Week 0" })).toBeVisible();

  await page.getByTestId("cohort-metric").selectOption("ltv");
  await expect(page).toHaveURL(/metric=ltv/);
  await expect(page.getByTestId("cohort-cell").first()).toHaveText(/\$/);

  await page.getByTestId("cohort-segment").selectOption("product_group");
  const values = page.getByTestId("cohort-segment-value");
  const group = await values.locator("option").nth(1).getAttribute("value");
  await values.selectOption(group!);
  await expect(page).toHaveURL(new RegExp(`segment=product_group&segment_value=${encodeURIComponent(group!)}`));

  // Keyboard: a cell is a link reached with Tab and opened with Enter.
  const cell = page.getByTestId("cohort-cell").first();
  await cell.focus();
  await expect(cell).toBeFocused();
  await cell.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/customers\\?cohort=\\d{4}-\\d{2}-\\d{2}&grain=week&active_offset=0&segment=product_group`));

  // A cohort heatmap on the default dashboard.
  await page.goto(`/w/${slug}/dashboards`);
  await page.getByTestId("dashboard-list").getByRole("link", { name: "Overview" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/dashboards/[^/?]+$`));
  await page.getByTestId("add-widget").click();
  const dialog = page.getByTestId("widget-dialog");
  await dialog.getByLabel("Type").selectOption("cohort_heatmap");
  await dialog.getByLabel("Title").fill("Monthly retention");
  await dialog.getByTestId("widget-save").click();
  await expect(dialog).toBeHidden();
  const widget = page.getByTestId("widget").filter({ hasText: "Monthly retention" });
  await expect(widget.getByTestId("cohort-cell").first()).toBeVisible();
  await expect(widget.getByTestId("widget-csv")).toHaveAttribute("href", /reports\/cohorts\?.*format=csv/);
});

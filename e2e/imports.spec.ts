import { expect, test } from "@playwright/test";
import { signUp } from "./helpers";

const HEADER =
  "order_id,created_at,currency,customer_id,customer_email,line_title,line_sku,line_quantity,line_unit_price,line_discount,shipping,taxes,refunded_amount,refunded_at,utm_source,utm_medium,utm_campaign";

const file = (lines: string[]) => ({ name: "orders.csv", mimeType: "text/csv", buffer: Buffer.from([HEADER, ...lines].join("\n") + "\n") });

test("a member previews a CSV, sees its problems by row and imports the valid rows", async ({ page }) => {
  const { slug } = await signUp(page);
  await page.getByRole("link", { name: "Imports" }).click();
  await expect(page).toHaveURL(`/w/${slug}/imports`);
  await expect(page.getByRole("link", { name: "Download a sample file" }).first()).toHaveAttribute("href", "/samples/orders-import.csv");

  await page.getByLabel(/CSV file/).setInputFiles(
    file([
      "E2E-1,2026-03-01T23:30:00-05:00,USD,,,Alpha Pro,,1,80.00,,,,,,,,",
      "E2E-2,2026-03-01T23:30:00,USD,,,Alpha Case,,1,10.00,,,,,,,,",
    ]),
  );
  const preview = page.getByTestId("import-preview");
  await expect(preview.getByText("E2E-1")).toBeVisible();
  await expect(page.getByTestId("import-check")).toContainText("1 problem found; 1 of 2 rows are valid");
  await expect(preview).toContainText("created_at: Must be an ISO 8601 date and time with its UTC offset");
  await expect(page.getByTestId("import-errors")).toContainText("Row 3, created_at");

  const importButton = page.getByRole("button", { name: "Import", exact: true });
  await expect(importButton).toBeDisabled();
  await page.getByLabel("Import the valid rows and skip the bad ones").check();
  await importButton.click();
  await expect(page.getByText("Imported 1 of 2 rows; skipped 1 problem.")).toBeVisible();

  const history = page.getByTestId("import-row").first();
  await expect(history).toContainText("Orders");
  await expect(history).toContainText("orders.csv");
  await expect(history).toContainText("Olive Owner");
});

test("a complete order file with two refunds gives its returns, taxes and total sales", async ({ page }) => {
  const { slug } = await signUp(page);
  await page.goto(`/w/${slug}/imports`);
  const header =
    "order_id,created_at,currency,customer_phone,line_title,line_sku,line_quantity,line_unit_price,shipping,taxes,order_discount," +
    "refund_id,refunded_at,refund_quantity,refund_amount,refund_tax,refund_shipping";
  const rows = [
    "E2E-C1,2026-04-01T10:00:00Z,USD,+1 (555) 010-0000,Alpha Pro,AP-1,2,100.00,10.00,16.00,20.00,,,,,,",
    "E2E-C1,,,,Alpha Case,AC-1,1,20.00,,,,,,,,,",
    "E2E-C1,,,,,AP-1,,,,,,R1,2026-04-03T10:00:00Z,1,,8.00,10.00",
    "E2E-C1,,,,,AC-1,,,,,,R2,2026-04-05T10:00:00Z,,15.00,1.00,",
  ];
  await page.getByLabel(/CSV file/).setInputFiles({ name: "complete.csv", mimeType: "text/csv", buffer: Buffer.from([header, ...rows].join("\n") + "\n") });
  await expect(page.getByTestId("import-check")).toContainText("All 4 rows are valid");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("Imported 4 of 4 rows.")).toBeVisible();

  // Lines of 200.00 and 20.00 share the 20.00 discount as 18.18 and 1.82: one Alpha Pro back is
  // 90.91 (half of 181.82), and 15.00 of the case. Returns 105.91; taxes 16.00 - 9.00; shipping 0; total sales 220.00 - 20.00 - 105.91 + 7.00.
  const report = `/api/v1/workspaces/${slug}/reports/kpi?date_from=2026-04-01&date_to=2026-04-05&metrics=returns,taxes,shipping,total_sales`;
  await expect(async () => {
    const response = await page.request.get(report);
    expect(response.status()).toBe(200);
    const { totals } = (await response.json()) as { totals: Record<string, unknown> };
    expect(totals).toMatchObject({ returns: "105.91", taxes: "7.00", shipping: "0.00", total_sales: "101.09" });
  }).toPass({ timeout: 30_000 });
});

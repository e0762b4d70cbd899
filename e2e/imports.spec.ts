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

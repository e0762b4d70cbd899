import { expect, test } from "@playwright/test";
import { signUp } from "./helpers";

// The customer merges page: empty at first; two imported customers whose phone is written two
// ways become one person, listed with why and what found it; an admin un-merges from the keyboard
// after confirming; another workspace's page is not found.

const HEADER = "order_id,created_at,currency,customer_id,customer_phone,line_title,line_sku,line_quantity,line_unit_price";
const file = (lines: string[]) => ({ name: "orders.csv", mimeType: "text/csv", buffer: Buffer.from([HEADER, ...lines].join("\n") + "\n") });

test("lists a merge found by an import and un-merges it after confirming", async ({ page, browser }) => {
  const { slug } = await signUp(page);
  await page.goto(`/w/${slug}/customers/merges`);
  await expect(page.getByRole("heading", { name: "Customer merges", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No merges yet" })).toBeVisible();

  await page.goto(`/w/${slug}/imports`);
  await page.getByLabel(/CSV file/).setInputFiles(
    file([
      "MRG-1,2026-04-01T10:00:00Z,USD,shop-1,+1 (555) 010-0000,Alpha Case,AC-1,1,20.00",
      "MRG-2,2026-04-02T10:00:00Z,USD,crm-1,555-010-0000,Alpha Case,AC-1,1,30.00",
    ]),
  );
  await expect(page.getByTestId("import-check")).toContainText("All 2 rows are valid");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText(/Imported 2 of 2 rows/)).toBeVisible();

  await page.goto(`/w/${slug}/customers/merges`);
  const row = page.getByTestId("merge-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Same phone number");
  await expect(row).toContainText(/Import into/);

  // Un-merge asks first; Cancel leaves it alone; confirming from the keyboard splits them.
  await row.getByRole("button", { name: "Un-merge" }).click();
  await row.getByRole("button", { name: "Cancel" }).click();
  await expect(row.getByRole("button", { name: "Un-merge" })).toBeVisible();
  await row.getByRole("button", { name: "Un-merge" }).focus();
  await page.keyboard.press("Enter");
  const confirm = row.getByRole("button", { name: "Yes, un-merge" });
  await confirm.focus();
  await page.keyboard.press("Enter");
  await expect(row).toContainText(/Un-merged/);
  await page.reload();
  await expect(page.getByTestId("merge-row")).toContainText(/Un-merged .*the same evidence will not merge them again/);

  // Someone else's workspace: not found.
  const other = await browser.newPage();
  await signUp(other);
  const response = await other.goto(`/w/${slug}/customers/merges`);
  expect(response?.status()).toBe(404);
  await other.close();
});

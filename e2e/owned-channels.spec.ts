import { expect, test } from "@playwright/test";
import { signIn, signUp } from "./helpers";

// The owned-channel report on the demo workspace, whose email and SMS program is seeded with its
// traffic and whose conversions appear once its store's orders are loaded and attributed in the
// background; then a CSV of message sends imported on the imports page and read in the report.

test("the demo's owned-channel report drills from a flow to its messages and the orders it led to", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, "demo@signalboard.local", "signalboard-demo");
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  await page.goto(`/w/${slug}/channels/owned`);
  await expect(page.getByRole("heading", { name: "Owned channels" })).toBeVisible();
  for (const name of ["Weekly newsletter", "Welcome series", "Welcome text", "Abandoned cart", "Abandoned cart (SMS)"]) {
    await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
  }
  await expect(page.getByText(/All rows: \d+ sends, \d+ opens, \d+ human clicks/)).toBeVisible();
  // The rules are stated on the page.
  await expect(page.getByText(/between 2 minutes before and 5 minutes after it/)).toBeVisible();

  await page.getByRole("link", { name: "Abandoned cart", exact: true }).click();
  await expect(page).toHaveURL(/campaign=/);
  await expect(page.getByText("(flow): its messages")).toBeVisible();
  await expect(page.getByText("Cart reminder (1 hour)").first()).toBeVisible();
  // Orders are attributed once the demo store's history has loaded: until then the card says none yet.
  const orders = page.getByRole("table").last();
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Orders it led to")).toBeVisible({ timeout: 2_000 });
    await expect(orders.getByRole("row").nth(1)).toContainText(/member|anonymous/, { timeout: 2_000 });
  }).toPass({ timeout: 200_000 });
  await expect(orders).toContainText(/open|click|session/);

  // Back to every campaign, by keyboard.
  await page.getByRole("link", { name: "All campaigns and flows" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).not.toHaveURL(/campaign=/);
});

const SENDS = [
  "send_id,campaign,campaign_name,campaign_kind,channel,template,template_name,subject,sent_at,status,delivered_at,provider_code,customer_id,email,phone,is_test,segments,points",
  "e2e-1,spring,Spring launch,campaign,email,v1,Variant A,Spring is here,2026-03-02T10:00:00-05:00,delivered,,,,ann@example.com,,,,",
  "e2e-2,spring,Spring launch,campaign,email,v1,Variant A,Spring is here,2026-03-02T10:00:00-05:00,failed,,550 5.1.1,,bob@example.com,,,,",
  "e2e-3,spring-sms,Spring text,campaign,sms,s1,Text,,2026-03-02T12:00:00-05:00,delivered,,,,,+1 415 555 0132,,1,",
];

test("a member imports message sends from CSV and reads them in the owned-channel report", async ({ page }) => {
  const { slug } = await signUp(page);
  await page.goto(`/w/${slug}/imports`);
  await page.getByLabel("What the file holds").selectOption("owned_sends");
  await expect(page.getByRole("link", { name: "Download a sample file" }).nth(2)).toHaveAttribute("href", "/samples/owned-sends-import.csv");

  // A bad channel is named by row and column; nothing can be imported until it is fixed.
  const bad = [...SENDS.slice(0, 2), "e2e-9,spring,Spring launch,campaign,fax,v1,Variant A,,2026-03-02T10:00:00-05:00,,,,,cy@example.com,,,,"];
  await page.getByLabel(/CSV file/).setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(bad.join("\n") + "\n") });
  await expect(page.getByTestId("import-errors")).toContainText("Row 3, channel");

  await page.getByLabel(/CSV file/).setInputFiles({ name: "sends.csv", mimeType: "text/csv", buffer: Buffer.from(SENDS.join("\n") + "\n") });
  await expect(page.getByTestId("import-check")).toContainText("All 3 rows are valid");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("Imported 3 of 3 rows.")).toBeVisible();
  await expect(page.getByTestId("import-row").first()).toContainText("Message sends");

  await page.goto(`/w/${slug}/channels/owned?date_from=2026-03-01&date_to=2026-03-31`);
  await expect(page.getByRole("link", { name: "Spring launch", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Spring text", exact: true })).toBeVisible();
  await expect(page.getByText("All rows: 3 sends")).toBeVisible();
});

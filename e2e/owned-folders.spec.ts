import { expect, test } from "@playwright/test";
import { signUp } from "./helpers";

// Campaign folders on a phone: a member imports two campaigns' sends, makes a folder by keyboard,
// moves a campaign into it, filters the owned-channel report by it, renames and deletes it.

const SENDS = [
  "send_id,campaign,campaign_name,campaign_kind,channel,template,template_name,subject,sent_at,status,delivered_at,provider_code,customer_id,email,phone,is_test,segments,points",
  "f-1,autumn,Autumn launch,campaign,email,v1,Variant A,Autumn is here,2026-03-02T10:00:00-05:00,delivered,,,,ann@example.com,,,,",
  "f-2,winback,Win-back,flow,email,w1,Come back,We miss you,2026-03-03T10:00:00-05:00,delivered,,,,bob@example.com,,,,",
];

test("a member groups campaigns in a folder and filters the report by it, by keyboard at phone width", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  const { slug } = await signUp(page);
  await page.goto(`/w/${slug}/imports`);
  await page.getByLabel("What the file holds").selectOption("owned_sends");
  await page.getByLabel(/CSV file/).setInputFiles({ name: "sends.csv", mimeType: "text/csv", buffer: Buffer.from(SENDS.join("\n") + "\n") });
  await expect(page.getByTestId("import-check")).toContainText("All 2 rows are valid");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("Imported 2 of 2 rows.")).toBeVisible();

  await page.goto(`/w/${slug}/channels/owned`);
  await page.getByRole("link", { name: "Folders", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Campaign folders" })).toBeVisible();
  await expect(page.getByText("No folders yet.")).toBeVisible();

  // A blank name is refused; then a folder is made by keyboard alone.
  const create = page.getByRole("form", { name: "New folder" });
  await create.getByLabel("Folder name").focus();
  await page.keyboard.type("Launches");
  await page.keyboard.press("Enter");
  await expect(create.getByText("Folder created.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("list", { name: "Folders" })).toContainText("Launches");

  // Autumn launch moves into it, by keyboard.
  const move = page.getByRole("form", { name: "Move Autumn launch" });
  await move.getByLabel("Folder for Autumn launch").selectOption({ label: "Launches" });
  await move.getByRole("button", { name: "Move" }).focus();
  await page.keyboard.press("Enter");
  await expect(move.getByText("Moved.")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // The report filtered by the folder shows its campaign only.
  await page.getByRole("link", { name: "Report for Launches" }).click();
  await page.goto(page.url() + "&date_from=2026-03-01&date_to=2026-03-31");
  await expect(page.getByRole("link", { name: "Autumn launch", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Win-back", exact: true })).toHaveCount(0);
  await expect(page.getByLabel("Folder")).toHaveValue(/.+/);

  // Renamed, then deleted: its campaign stays, in no folder.
  await page.goto(`/w/${slug}/channels/folders`);
  const rename = page.getByRole("form", { name: "Rename Launches" });
  await rename.getByLabel("Name").fill("Spring launches");
  await rename.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByText("Folder renamed.")).toBeVisible();
  await page.reload();
  await page.getByRole("form", { name: "Delete Spring launches" }).getByRole("button", { name: "Delete folder" }).click();
  await expect(page.getByText("No folders yet.")).toBeVisible();
  await page.reload();
  await expect(page.getByText("Autumn launch", { exact: true })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});

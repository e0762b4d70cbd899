import fs from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { expect, test } from "@playwright/test";
import { signUp } from "./helpers";

// An owner exports the workspace: asks from the settings page with the keyboard, watches the
// progress, downloads the zip and finds every table's CSV and the manifest in it. Someone from
// another workspace gets a 404 for the page and the file.

test("an owner exports the workspace and downloads the zip", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const { slug } = await signUp(page);
  await page.goto(`/w/${slug}/settings/export`);
  await expect(page.getByRole("heading", { name: "Export the workspace" })).toBeVisible();
  await expect(page.getByText("No exports yet.")).toBeVisible();

  await page.getByRole("button", { name: "Export all data" }).focus();
  await page.keyboard.press("Enter");
  const row = page.getByTestId("export-row").first();
  await expect(row).toBeVisible();
  const download = row.getByRole("link", { name: /Download zip/ });
  await expect(download).toBeVisible({ timeout: 90_000 });

  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  expect(file.suggestedFilename()).toMatch(new RegExp(`^signalboard-${slug}-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
  const zip = unzipSync(new Uint8Array(fs.readFileSync(await file.path())));
  const manifest = JSON.parse(strFromU8(zip["manifest.json"]!)) as { workspace: { slug: string }; tables: { file: string; rows: number }[] };
  expect(manifest.workspace.slug).toBe(slug);
  expect(manifest.tables.length).toBeGreaterThan(50);
  for (const table of manifest.tables) expect(Object.keys(zip)).toContain(table.file);
  expect(strFromU8(zip["metric_settings.csv"] ?? zip["dashboards.csv"]!)).toContain("workspace_id");
  const href = await download.getAttribute("href");

  const stranger = await browser.newContext();
  const theirs = await stranger.newPage();
  await signUp(theirs);
  expect((await theirs.goto(`/w/${slug}/settings/export`))!.status()).toBe(404);
  expect((await theirs.request.get(href!)).status()).toBe(404);
  await stranger.close();
});

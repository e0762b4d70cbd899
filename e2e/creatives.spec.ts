import { expect, test } from "@playwright/test";
import { signIn, signUp } from "./helpers";

// The creative table on the demo workspace, whose Meta and TikTok ads carry thumbnails and whose
// Google search ads do not: reached from the navigation, sorted from the keyboard, filtered by
// platform through the URL with the CSV export following, readable on a phone with the ad's name
// held in place, and invisible to anyone outside the workspace.

test("the demo workspace's creatives: thumbnails, keyboard sorting, platform filter, CSV, phone width, tenancy", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, "demo@signalboard.local", "signalboard-demo");
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Creatives" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/creatives`));
  const rows = page.getByTestId("creative-row");
  await expect(rows.first()).toBeVisible();
  await expect(page.getByRole("img", { name: "Video - Unboxing" }).first()).toBeVisible();
  await expect(rows.filter({ hasText: "Google Ads" }).first().getByTestId("thumbnail-placeholder")).toBeVisible();

  // Sorting from the keyboard: focus the ROAS header's link and press Enter.
  const roasHeader = page.getByRole("columnheader", { name: /^ROAS/ });
  await roasHeader.getByRole("link").focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/sort=roas/);
  await expect(page.getByRole("columnheader", { name: /^ROAS/ })).toHaveAttribute("aria-sort", "descending");

  await page.getByLabel("Platform").selectOption("tiktok_ads");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/platform=tiktok_ads/);
  await expect(page).toHaveURL(/sort=roas/);
  const platforms = await rows.locator("td:nth-child(4)").allTextContents();
  expect(platforms.length).toBeGreaterThan(0);
  expect(new Set(platforms)).toEqual(new Set(["TikTok Ads"]));

  const csvHref = await page.getByTestId("creatives-csv").getAttribute("href");
  expect(csvHref).toMatch(/platform=tiktok_ads.*sort=roas.*format=csv/);
  const csv = await page.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^ad_id,ad,status,platform,campaign,spend/);
  expect(lines).toHaveLength(platforms.length + 1);
  for (const line of lines.slice(1)) expect(line).toContain(",tiktok_ads,");

  // A phone: the table scrolls in its card and the ad's name stays where it was.
  await page.setViewportSize({ width: 390, height: 844 });
  const box = page.getByTestId("creative-table");
  const name = rows.first().getByRole("rowheader");
  const before = (await name.boundingBox())!;
  expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await box.evaluate((el) => el.scrollBy({ left: 400 }));
  await expect.poll(async () => box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  expect(Math.round((await name.boundingBox())!.x)).toBe(Math.round(before.x));
  await expect(name).toBeInViewport();

  // Someone else's workspace.
  const stranger = await browser.newContext();
  const other = await stranger.newPage();
  await signUp(other);
  expect((await other.goto(`/w/${slug}/creatives`))?.status()).toBe(404);
  await stranger.close();
});

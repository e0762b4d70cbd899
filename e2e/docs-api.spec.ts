import { expect, test } from "@playwright/test";

// The API reference is a small static frame that draws the document the API serves.

test("the API reference loads in under 200 KB and links to each operation", async ({ page }) => {
  test.skip(test.info().project.name !== "desktop", "measured once");
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const transferred = new Map<string, number>();
  cdp.on("Network.loadingFinished", (event) => transferred.set(event.requestId, event.encodedDataLength));

  const started = Date.now();
  const response = await page.goto("/docs/api");
  const firstByte = Date.now() - started;
  await expect(page.getByTestId("api-operation").first()).toBeVisible();
  await page.waitForLoadState("networkidle");

  const bytes = [...transferred.values()].reduce((sum, n) => sum + n, 0);
  console.log(`/docs/api first load: ${bytes} bytes transferred in ${transferred.size} requests; document answered in ${firstByte} ms`);
  expect(response?.status()).toBe(200);
  expect(bytes).toBeLessThan(200_000);

  await page.getByRole("navigation", { name: "Endpoints" }).getByRole("link").nth(1).click();
  await expect(page).toHaveURL(/#.+/);
  const anchor = decodeURIComponent(new URL(page.url()).hash.slice(1));
  await expect(page.locator(`[id="${anchor}"]`)).toBeInViewport();
});

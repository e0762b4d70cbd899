import { expect, test } from "@playwright/test";

// The API reference is a small static frame that draws the document the API serves. The frame has
// its budget; the document grows with the API (each operation adds its schemas), so it has its own.
const FRAME_BUDGET = 180_000;
const DOCUMENT_BUDGET = 72_000;

test("the API reference's frame loads in under 180 KB, its document in under 72 KB, and it links to each operation", async ({ page }) => {
  test.skip(test.info().project.name !== "desktop", "measured once");
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const transferred = new Map<string, number>();
  const urls = new Map<string, string>();
  cdp.on("Network.requestWillBeSent", (event) => urls.set(event.requestId, event.request.url));
  cdp.on("Network.loadingFinished", (event) => transferred.set(event.requestId, event.encodedDataLength));

  const started = Date.now();
  const response = await page.goto("/docs/api");
  const firstByte = Date.now() - started;
  await expect(page.getByTestId("api-operation").first()).toBeVisible();
  await page.waitForLoadState("networkidle");

  let frame = 0;
  let document = 0;
  for (const [id, bytes] of transferred) {
    if (new URL(urls.get(id) ?? "http://x/").pathname === "/api/v1/openapi.json") document += bytes;
    else frame += bytes;
  }
  console.log(`/docs/api first load: frame ${frame} bytes and document ${document} bytes in ${transferred.size} requests; page answered in ${firstByte} ms`);
  expect(response?.status()).toBe(200);
  expect(document).toBeGreaterThan(0);
  expect(frame).toBeLessThan(FRAME_BUDGET);
  expect(document).toBeLessThan(DOCUMENT_BUDGET);

  await page.getByRole("navigation", { name: "Endpoints" }).getByRole("link").nth(1).click();
  await expect(page).toHaveURL(/#.+/);
  const anchor = decodeURIComponent(new URL(page.url()).hash.slice(1));
  await expect(page.locator(`[id="${anchor}"]`)).toBeInViewport();
});

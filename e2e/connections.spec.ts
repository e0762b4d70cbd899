import { expect, test } from "@playwright/test";
import { inviteNewMember, signUp } from "./helpers";

test("an admin connects the demo store from the UI, its history loads, and orders are counted", async ({ page }) => {
  const { slug } = await signUp(page);
  await page.getByRole("link", { name: "Connections" }).click();
  await expect(page.getByText("Nothing is connected yet.")).toBeVisible();

  await page.getByRole("button", { name: "Connect the demo store" }).click();
  const connection = page.getByTestId("connection");
  await expect(connection).toHaveCount(1);
  await expect(connection.getByText("Shopify · signalboard-demo.myshopify.com")).toBeVisible();

  // The backfill runs in the app's own scheduler (no Inngest server) and the page refreshes itself.
  const synced = async () => Number((await connection.getByTestId("orders-synced").textContent())!.replace(/,/g, ""));
  await expect.poll(synced, { timeout: 90_000 }).toBeGreaterThan(1_500);
  await expect(connection.getByTestId("status-badge")).toHaveText("Active", { timeout: 30_000 });
  await expect(connection.getByRole("heading", { name: "Alpha Hearing (demo)" })).toBeVisible();
  await expect(connection.getByText(/America\/New_York/)).toBeVisible();

  await connection.getByRole("link", { name: "Sync history" }).click();
  const backfill = page.getByTestId("sync-run").filter({ hasText: "backfill" });
  await expect(backfill).toHaveCount(1);
  await expect(backfill.getByTestId("status-badge")).toHaveText("Succeeded");

  await page.getByLabel("Days to re-pull").fill("40");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#restatementDays-error")).toHaveText("Use 1 to 28 days.");
  await page.getByLabel("Days to re-pull").fill("5");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("the last 5 days are re-pulled")).toBeVisible();

  await page.goto(`/w/${slug}`);
  await expect(page.getByTestId("data-sources")).toContainText("Alpha Hearing (demo)");

  await page.goto(`/w/${slug}/connections`);
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByText(/Sync started\.|A sync is already running\./)).toBeVisible();
});

test("a viewer sees connections but cannot manage them", async ({ page, browser }) => {
  const { slug } = await signUp(page);
  const { page: viewer, context } = await inviteNewMember(page, browser, slug, "viewer");
  await viewer.goto(`/w/${slug}/connections`);
  await expect(viewer.getByRole("heading", { name: "Connections" })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Connect the demo store" })).toHaveCount(0);
  await context.close();
});

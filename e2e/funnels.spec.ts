import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

// The funnels page on the demo workspace, whose storefront traffic arrives through the event API
// as the server starts: the default funnel has visitors at its first step, and the builder works
// from the keyboard.

test("the demo workspace's funnel has visitors, and the builder works by keyboard", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, "demo@signalboard.local", "signalboard-demo");
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Funnels" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/funnels`));
  // The demo's events are drained and sessionised in the background after the server starts.
  const firstStep = page.getByTestId("funnel-step-count").first();
  await expect(async () => {
    await page.reload();
    expect(Number((await firstStep.textContent())?.replace(/,/g, ""))).toBeGreaterThan(0);
  }).toPass({ timeout: 150_000 });
  await expect(page.getByTestId("funnel-step")).toHaveCount(5);

  const window = page.getByTestId("funnel-window");
  await window.focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("3");
  // Enter in a field submits the builder, as any form.
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/window=3/);
  await expect(page.getByText("3-day window from the first step", { exact: false })).toBeVisible();
});

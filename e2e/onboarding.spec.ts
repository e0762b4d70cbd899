import { expect, test } from "@playwright/test";
import { invite, signUp, uniqueEmail } from "./helpers";

// The first-run checklist on the workspace home: steps tick off from what the workspace really
// holds, each links to where it is done, and it can be dismissed.

test("a new owner sees the setup checklist, steps tick off as they are done, and it can be dismissed", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.setViewportSize({ width: 390, height: 844 });
  const { slug } = await signUp(page);

  const checklist = page.getByTestId("onboarding");
  await expect(checklist).toBeVisible();
  await expect(checklist.getByTestId("onboarding-progress")).toContainText("0 of 5 done");
  const step = (id: string) => checklist.locator(`[data-step="${id}"]`);
  for (const id of ["store", "ads", "costs", "invite", "dashboard"]) await expect(step(id)).toHaveAttribute("data-done", "false");
  // The checklist fits a phone's width and nothing inside it spills sideways.
  const box = await checklist.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  expect(await checklist.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

  // The store step leads to the connections page, where the demo store counts as a store.
  await step("store").getByRole("link").click();
  await expect(page).toHaveURL(`/w/${slug}/connections`);
  await page.getByRole("button", { name: "Connect the demo store" }).click();
  await expect(page.getByTestId("connection")).toHaveCount(1);

  await invite(page, slug, uniqueEmail("colleague"), "member");

  await page.goto(`/w/${slug}`);
  await expect(step("store")).toHaveAttribute("data-done", "true");
  await expect(step("invite")).toHaveAttribute("data-done", "true");
  await expect(step("ads")).toHaveAttribute("data-done", "false");
  await expect(checklist.getByTestId("onboarding-progress")).toContainText(/[2-5] of 5 done/);
  await expect(step("dashboard").getByRole("link")).toHaveAttribute("href", `/w/${slug}/dashboards`);

  await checklist.getByRole("button", { name: "Dismiss" }).click();
  await expect(page.getByTestId("onboarding")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("onboarding")).toHaveCount(0);
  expect(errors).toEqual([]);
});

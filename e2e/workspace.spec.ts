import { expect, test } from "@playwright/test";
import { formAlert, signUp } from "./helpers";

test("an owner edits settings, creates and switches workspaces, and deletes one with typed confirmation", async ({ page }) => {
  const { slug } = await signUp(page, { workspace: "Blue Fjord Goods" });

  await page.goto(`/w/${slug}/settings`);
  await page.getByLabel("Name").fill("");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("#name-error")).toHaveText("Enter a workspace name.");

  const newSlug = `${slug}-shop`;
  await page.getByLabel("Name").fill("Blue Fjord Shop");
  await page.getByLabel("Address").fill(newSlug);
  await page.getByLabel("Reporting time zone").selectOption("Europe/Oslo");
  await page.getByLabel("Currency").selectOption("NOK");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${newSlug}/settings\\?saved=1$`));
  await page.goto(`/w/${newSlug}`);
  await expect(page.getByRole("heading", { name: "Blue Fjord Shop" })).toBeVisible();
  await expect(page.getByText("Reporting in Europe/Oslo, amounts in NOK.")).toBeVisible();
  expect((await page.goto(`/w/${slug}`))?.status()).toBe(404);

  await page.goto("/workspaces/new");
  await page.getByLabel("Workspace name").fill("Second Store");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/w\/second-store(-\d+)?$/);
  await page.getByLabel("Switch workspace").click();
  await page.getByRole("link", { name: /Blue Fjord Shop/ }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${newSlug}$`));

  await page.goto(`/w/${newSlug}/settings`);
  await page.getByLabel(`Type "${newSlug}" to confirm`).fill("nope");
  await page.getByRole("button", { name: "Delete this workspace" }).click();
  await expect(formAlert(page, `Type the workspace address "${newSlug}" to confirm.`).first()).toBeVisible();
  await page.getByLabel(`Type "${newSlug}" to confirm`).fill(newSlug);
  await page.getByRole("button", { name: "Delete this workspace" }).click();
  await expect(page).toHaveURL(/\/w\/second-store(-\d+)?$/);
  expect((await page.goto(`/w/${newSlug}`))?.status()).toBe(404);
});

test("failed sign-ins are limited per email: the 11th try is refused, and the API says 429", async ({ browser }) => {
  // A distinct client address keeps this test's failures out of the other tests' per-IP count.
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": `198.51.100.${Math.floor(Math.random() * 250) + 1}` } });
  const page = await context.newPage();
  const { email } = await signUp(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  for (let attempt = 1; attempt <= 10; attempt++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong-password-${attempt}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page, "Invalid email or password.")).toBeVisible();
    await page.goto("/sign-in");
  }
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct-horse-battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(page, /Too many failed sign-in attempts\. Try again in \d+ minutes?/)).toBeVisible();

  const csrf = await (await context.request.get("/api/auth/csrf")).json();
  const direct = await context.request.post("/api/auth/callback/credentials", {
    form: { email, password: "correct-horse-battery", csrfToken: csrf.csrfToken },
    maxRedirects: 0,
  });
  expect(direct.status()).toBe(429);
  expect(Number(direct.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await direct.json()).error.message).toContain("Too many failed sign-in attempts");
  await context.close();
});

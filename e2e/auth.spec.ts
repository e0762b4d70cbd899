import { expect, test } from "@playwright/test";
import { formAlert, linkFromOutbox, PASSWORD, signIn, signOut, signUp, uniqueEmail } from "./helpers";

test("a new user signs up, lands on their workspace home, signs out and back in", async ({ page }) => {
  const { email, slug, workspace } = await signUp(page);
  await expect(page.getByRole("heading", { name: workspace })).toBeVisible();
  await expect(page.getByTestId("empty-state")).toContainText("No data yet");

  await signOut(page);
  await page.goto(`/w/${slug}`);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  // Google sign-in is offered only when GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET are set.
  await expect(page.getByRole("button", { name: "Continue with Google" })).toHaveCount(0);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}$`));
});

test("sign-up explains bad input field by field", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Work email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#email-error")).toHaveText("Enter a valid email address.");
  await expect(page.locator("#password-error")).toHaveText("Use at least 10 characters.");
  await expect(page.locator("#workspaceName-error")).toHaveText("Enter a workspace name.");
});

test("a duplicate email gets a field message, not an error page", async ({ page, browser }) => {
  const { email } = await signUp(page);
  const other = await browser.newPage();
  await other.goto("/sign-up");
  await other.getByLabel("Work email").fill(email.toUpperCase());
  await other.getByLabel("Password").fill(PASSWORD);
  await other.getByLabel("Workspace name").fill("Second try");
  await other.getByRole("button", { name: "Create account" }).click();
  await expect(other.locator("#email-error")).toContainText("already exists");
  await other.close();
});

test("a wrong password and an unknown email get the same generic message", async ({ page }) => {
  const { email } = await signUp(page);
  await signOut(page);
  await signIn(page, email, "wrong-password-1");
  await expect(formAlert(page, "Invalid email or password.")).toBeVisible();
  await signIn(page, uniqueEmail("nobody"), "wrong-password-1");
  await expect(formAlert(page, "Invalid email or password.")).toBeVisible();
});

test("a password is reset through a single-use emailed link and old sessions end", async ({ page, browser }) => {
  const { email, slug } = await signUp(page);
  const elsewhere = await browser.newContext();
  const oldSession = await elsewhere.newPage();
  await signIn(oldSession, email);
  await expect(oldSession).toHaveURL(new RegExp(`/w/${slug}$`));
  await signOut(page);

  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account uses that address");

  const resetPath = await linkFromOutbox(page, email, "/reset-password/");
  await page.goto(resetPath);
  await page.getByLabel("New password").fill("a-brand-new-password");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?reset=1/);

  await signIn(page, email, PASSWORD);
  await expect(formAlert(page, "Invalid email or password.")).toBeVisible();
  await signIn(page, email, "a-brand-new-password");
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);

  await page.goto(resetPath);
  await expect(page.getByRole("heading", { name: "This reset link no longer works" })).toBeVisible();

  await oldSession.goto(`/w/${slug}`);
  await expect(oldSession).toHaveURL(/\/sign-in\?callbackUrl=/);
  await elsewhere.close();
});

test("an unknown path inside a workspace shows the 404 page", async ({ page }) => {
  const { slug } = await signUp(page);
  const response = await page.goto(`/w/${slug}/does/not/exist`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("a session cookie kept from before sign-out no longer signs anyone in", async ({ page, browser }) => {
  const { slug } = await signUp(page);
  const kept = await page.context().cookies();
  await signOut(page);
  const replay = await browser.newContext();
  await replay.addCookies(kept);
  const other = await replay.newPage();
  await other.goto(`/w/${slug}`);
  await expect(other).toHaveURL(/\/sign-in\?callbackUrl=/);
  await replay.close();
});

import { expect, test } from "@playwright/test";
import { formAlert, signUp, uniqueEmail } from "./helpers";

// When the server refuses a form, what the person typed stays in it to be corrected.

test("sign-up and sign-in keep what was typed when the server refuses it", async ({ page, browser }) => {
  const { email } = await signUp(page);

  const context = await browser.newContext();
  const guest = await context.newPage();
  await guest.goto("/sign-up");
  await guest.getByLabel("Your name").fill("Second Person");
  await guest.getByLabel("Work email").fill("not-an-address");
  await guest.getByLabel("Password").fill("short");
  await guest.getByLabel("Workspace name").fill("Kept Goods");
  await guest.getByLabel("Reporting time zone").selectOption("Asia/Tokyo");
  await guest.getByLabel("Currency").selectOption("JPY");
  await guest.getByRole("button", { name: "Create account" }).click();
  await expect(guest.locator("#email-error")).toBeVisible();
  await expect(guest.getByLabel("Your name")).toHaveValue("Second Person");
  await expect(guest.getByLabel("Work email")).toHaveValue("not-an-address");
  await expect(guest.getByLabel("Password")).toHaveValue("short");
  await expect(guest.getByLabel("Workspace name")).toHaveValue("Kept Goods");
  await expect(guest.getByLabel("Reporting time zone")).toHaveValue("Asia/Tokyo");
  await expect(guest.getByLabel("Currency")).toHaveValue("JPY");

  await guest.goto("/sign-in");
  await guest.getByLabel("Email").fill(email);
  await guest.getByLabel("Password").fill("not-the-password");
  await guest.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(guest, /password/i).first()).toBeVisible();
  await expect(guest.getByLabel("Email")).toHaveValue(email);
  await expect(guest.getByLabel("Password")).toHaveValue("not-the-password");
  await context.close();
});

test("workspace, settings, invitation and API key forms keep what was typed on an error", async ({ page }) => {
  const { slug } = await signUp(page);

  await page.goto("/workspaces/new");
  await page.getByLabel("Workspace name").fill("x".repeat(65));
  await page.getByLabel("Reporting time zone").selectOption("Europe/Oslo");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.locator("#name-error")).toHaveText("Use at most 64 characters.");
  await expect(page.getByLabel("Workspace name")).toHaveValue("x".repeat(65));
  await expect(page.getByLabel("Reporting time zone")).toHaveValue("Europe/Oslo");

  await page.goto(`/w/${slug}/settings`);
  await page.getByLabel("Name").fill("Renamed Goods");
  await page.getByLabel("Address").fill("Not A Slug!");
  await page.getByLabel("Currency").selectOption("EUR");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("#newSlug-error, #slug-error").first()).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Renamed Goods");
  await expect(page.getByLabel("Address")).toHaveValue("Not A Slug!");
  await expect(page.getByLabel("Currency")).toHaveValue("EUR");

  await page.goto(`/w/${slug}/settings/members`);
  await page.getByLabel("Email").fill("someone-at-nowhere");
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(formAlert(page, /email/i).first()).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("someone-at-nowhere");
  await expect(page.getByLabel("Role", { exact: true })).toHaveValue("viewer");
  // A success still empties the form for the next one.
  const invitee = uniqueEmail("kept");
  await page.getByLabel("Email").fill(invitee);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${invitee}`)).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("");

  await page.goto(`/w/${slug}/settings/api-keys`);
  await page.getByLabel("Name").fill("k".repeat(65));
  await page.getByRole("button", { name: /create/i }).click();
  await expect(formAlert(page, "Use at most 64 characters.").first()).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("k".repeat(65));
});

import crypto from "node:crypto";
import { expect, type Browser, type Page } from "@playwright/test";

export function uniqueEmail(tag: string): string {
  return `${tag}-${crypto.randomBytes(4).toString("hex")}@example.test`;
}

export const PASSWORD = "correct-horse-battery";

/** Signs up through the form and returns the new workspace's slug. */
export async function signUp(page: Page, options: { email?: string; name?: string; workspace?: string } = {}) {
  const email = options.email ?? uniqueEmail("owner");
  const workspace = options.workspace ?? `Shop ${crypto.randomBytes(3).toString("hex")}`;
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(options.name ?? "Olive Owner");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Workspace name").fill(workspace);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  return { email, slug, workspace };
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** Form errors (the route announcer also has role=alert, so match by text). */
export function formAlert(page: Page, text: string | RegExp) {
  return page.getByRole("alert").filter({ hasText: text });
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The newest link in the dev outbox for `to` whose path starts with `pathPrefix`. */
export async function linkFromOutbox(page: Page, to: string, pathPrefix: string): Promise<string> {
  await page.goto(`/dev/outbox?to=${encodeURIComponent(to)}`);
  const link = page.getByTestId("outbox-email").first().locator(`a[href*="${pathPrefix}"]`);
  const href = await link.getAttribute("href");
  expect(href, `an email to ${to} with a ${pathPrefix} link`).toBeTruthy();
  return new URL(href!).pathname;
}

/** Invites `email` with `role` from the members page; the page must be signed in as an admin. */
export async function invite(page: Page, slug: string, email: string, role: string) {
  await page.goto(`/w/${slug}/settings/members`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${email}`)).toBeVisible();
}

/** Invites `role` from the admin's page and has a new person accept in a browser of their own. */
export async function inviteNewMember(admin: Page, browser: Browser, slug: string, role: string) {
  const email = uniqueEmail(role);
  await invite(admin, slug, email, role);
  const invitePath = await linkFromOutbox(admin, email, "/invite/");
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(invitePath);
  await page.getByLabel("Choose a password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}$`));
  return { email, page, context };
}

/** Adds a webhook-style destination in Settings → Notifications, which must be open. */
export async function addWebhookDestination(page: Page, fields: { kind: string; name: string; url: string }) {
  const add = page.getByRole("form", { name: "Add a destination" });
  await add.getByLabel("Kind").selectOption(fields.kind);
  await add.getByLabel("Name").fill(fields.name);
  await add.getByLabel("Webhook URL").fill(fields.url);
  await add.getByRole("button", { name: "Add destination" }).click();
  await expect(page.getByText(`"${fields.name}" added.`)).toBeVisible();
}

import { expect, test } from "@playwright/test";
import { invite, linkFromOutbox, PASSWORD, signOut, signUp, uniqueEmail } from "./helpers";

test("an admin invites a member who accepts in another browser and joins", async ({ page, browser }) => {
  const { slug, workspace } = await signUp(page);
  const inviteeEmail = uniqueEmail("invitee");
  await invite(page, slug, inviteeEmail, "member");
  await expect(page.getByTestId("invitation-row").filter({ hasText: inviteeEmail })).toBeVisible();

  const invitePath = await linkFromOutbox(page, inviteeEmail, "/invite/");

  const invitee = await browser.newContext();
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(invitePath);
  await expect(inviteePage.getByRole("heading", { name: `Join ${workspace}` })).toBeVisible();
  await expect(inviteePage.getByLabel("Email")).toHaveValue(inviteeEmail);
  await inviteePage.getByLabel("Your name").fill("Ivy Invitee");
  await inviteePage.getByLabel("Choose a password").fill(PASSWORD);
  await inviteePage.getByRole("button", { name: "Create account and join" }).click();
  await expect(inviteePage).toHaveURL(new RegExp(`/w/${slug}$`));
  await expect(inviteePage.getByRole("heading", { name: workspace })).toBeVisible();

  // The link worked once.
  await inviteePage.goto(invitePath);
  await expect(inviteePage.getByRole("heading", { name: "This invitation has already been used." })).toBeVisible();
  await invitee.close();

  await page.goto(`/w/${slug}/settings/members`);
  await expect(page.getByTestId("member-row").filter({ hasText: inviteeEmail })).toBeVisible();
  await expect(page.getByTestId("invitation-row").filter({ hasText: inviteeEmail })).toHaveCount(0);
});

test("an existing user signs in from the invitation and joins", async ({ page, browser }) => {
  const owner = await signUp(page);
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  const existing = await signUp(other);
  await signOut(other);

  await invite(page, owner.slug, existing.email, "viewer");
  const invitePath = await linkFromOutbox(page, existing.email, "/invite/");

  await other.goto(invitePath);
  await expect(other.getByLabel("Email")).toHaveValue(existing.email);
  await other.getByLabel("Password").fill(PASSWORD);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other).toHaveURL(new RegExp(`/invite/`));
  await other.getByRole("button", { name: `Join ${owner.workspace}` }).click();
  await expect(other).toHaveURL(new RegExp(`/w/${owner.slug}$`));
  await otherContext.close();
});

test("revoked invitations and a signed-in user with another email get clear pages", async ({ page, browser }) => {
  const { slug } = await signUp(page);
  const revokedEmail = uniqueEmail("revoked");
  await invite(page, slug, revokedEmail, "member");
  const revokedPath = await linkFromOutbox(page, revokedEmail, "/invite/");
  await page.goto(`/w/${slug}/settings/members`);
  await page.getByTestId("invitation-row").filter({ hasText: revokedEmail }).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("invitation-row").filter({ hasText: revokedEmail })).toHaveCount(0);

  const otherEmail = uniqueEmail("someone");
  await invite(page, slug, otherEmail, "member");
  const otherPath = await linkFromOutbox(page, otherEmail, "/invite/");

  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await signUp(strangerPage);
  await strangerPage.goto(revokedPath);
  await expect(strangerPage.getByRole("heading", { name: "This invitation was revoked." })).toBeVisible();
  await strangerPage.goto(otherPath);
  await expect(strangerPage.getByText(`but this invitation is for ${otherEmail}`)).toBeVisible();
  await strangerPage.goto("/invite/not-a-real-token");
  await expect(strangerPage.getByRole("heading", { name: "This invitation link is not valid." })).toBeVisible();
  await stranger.close();
});

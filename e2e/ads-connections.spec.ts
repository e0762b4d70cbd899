import { expect, test } from "@playwright/test";
import { inviteNewMember, signUp } from "./helpers";

// The e2e server has no app credentials for the ad platforms: every Connect button must say which
// variables an operator has to set, rather than send anyone to a consent screen that would fail.

test("an admin sees every ad and analytics platform and sign-in CRM, each disabled with the variables to set", async ({ page }) => {
  const { slug } = await signUp(page);
  await page.goto(`/w/${slug}/connections`);
  await page.getByRole("link", { name: "Connect ads or analytics" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/connections/new$`));

  const choices = page.getByTestId("connect-choice");
  await expect(choices).toHaveCount(5);
  const expected: [string, string][] = [
    ["Connect Google Ads", "GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GOOGLE_ADS_DEVELOPER_TOKEN"],
    ["Connect Meta Ads", "META_APP_ID and META_APP_SECRET"],
    ["Connect TikTok Ads", "TIKTOK_APP_ID and TIKTOK_APP_SECRET"],
    ["Connect Douyin DOU+", "DOUYIN_CLIENT_KEY and DOUYIN_CLIENT_SECRET"],
    ["Connect Google Analytics 4", "GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET"],
  ];
  for (const [button, variables] of expected) {
    const choice = choices.filter({ has: page.getByRole("button", { name: button }) });
    await expect(choice.getByRole("button", { name: button })).toBeDisabled();
    await expect(choice.getByTestId("not-configured")).toContainText(`an operator must set ${variables}.`);
  }

  // CRMs connected by signing in sit beside them, drawn from the same registry.
  const crm = page.getByTestId("connect-crm-choice").filter({ has: page.getByRole("button", { name: "Connect AmoCRM" }) });
  await expect(crm.getByRole("button", { name: "Connect AmoCRM" })).toBeDisabled();
  await expect(crm.getByTestId("not-configured")).toContainText("an operator must set AMOCRM_CLIENT_ID and AMOCRM_CLIENT_SECRET.");
});

test("the account picker without a pending sign-in says to start again, and members cannot open it", async ({ page, browser }) => {
  const { slug } = await signUp(page);
  await page.goto(`/w/${slug}/connections/pick`);
  await expect(page.getByText("There is no sign-in waiting for an account to be chosen")).toBeVisible();

  const { page: member, context } = await inviteNewMember(page, browser, slug, "member");
  await member.goto(`/w/${slug}/connections`);
  await expect(member.getByRole("link", { name: "Connect ads or analytics" })).toHaveCount(0);
  const response = await member.goto(`/w/${slug}/connections/new`);
  expect(response?.status()).toBe(403);
  await context.close();
});

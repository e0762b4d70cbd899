import { expect, test } from "@playwright/test";
import { inviteNewMember, signUp } from "./helpers";

// The write keys settings page, used with the keyboard: create (with a bad origin first), copy
// the snippet, pick a consent mode, revoke after confirming.

test("an admin creates a write key, copies its snippet and revokes it, all from the keyboard", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const { slug } = await signUp(page);
  await page.goto(`/w/${slug}/settings`);
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Tracking" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/settings/tracking$`));
  await expect(page.getByTestId("write-keys-empty")).toBeVisible();

  await page.getByLabel("Name").fill("Online store");
  await page.getByLabel("Allowed origins").fill("https://shop.example.com\nshop.example.com/cart");
  await page.getByLabel("Allowed origins").press("Tab");
  await page.keyboard.press("Enter");
  await expect(page.getByText('"shop.example.com/cart": Use an origin like')).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Online store");

  await page.getByLabel("Allowed origins").fill("https://shop.example.com\nhttps://*.example.com");
  await page.getByRole("button", { name: "Create write key" }).press("Enter");
  await expect(page.getByText('Write key "Online store" created.')).toBeVisible();
  const key = page.getByTestId("write-key");
  await expect(key).toHaveCount(1);
  await expect(key).toContainText("https://shop.example.com, https://*.example.com");
  await expect(key.getByTestId("write-key-last-event")).toHaveText("None yet");
  const value = (await key.locator("p.font-mono").textContent())!;
  expect(value).toMatch(/^sbw_[0-9A-Za-z]{24}$/);

  const snippet = key.getByTestId("tracking-snippet");
  await expect(snippet).toContainText(`"${value}"`);
  await expect(snippet).toContainText(`s.src = app + "/sb.js"`);
  await key.getByRole("button", { name: "Copy snippet" }).press("Enter");
  await expect(key.getByText("Copied.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await snippet.textContent());

  await key.getByLabel("Before the visitor consents").selectOption({ label: "Nothing until consent" });
  await expect(snippet).toContainText('sb("consent", false);');

  await key.getByRole("button", { name: "Revoke Online store" }).press("Enter");
  // The safe choice has the focus: a second Enter cancels.
  await expect(page.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Revoke key" })).toHaveCount(0);
  await key.getByRole("button", { name: "Revoke Online store" }).press("Enter");
  await page.getByRole("button", { name: "Revoke key" }).press("Enter");
  await expect(page.getByText("Write key revoked. Events sent with it are now refused.")).toBeVisible();
  await expect(page.getByTestId("write-keys-empty")).toBeVisible();

  // Gone for the event API too: the key now resolves to nothing.
  const listed = await page.request.get(`/api/v1/workspaces/${slug}/write-keys`);
  expect((await listed.json()).writeKeys).toEqual([]);
});

test("a member cannot open the write keys page", async ({ page, browser }) => {
  const { slug } = await signUp(page);
  const { page: member, context } = await inviteNewMember(page, browser, slug, "member");
  const response = await member.goto(`/w/${slug}/settings/tracking`);
  expect(response?.status()).toBe(403);
  await context.close();
});

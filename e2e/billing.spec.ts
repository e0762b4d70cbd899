import { expect, test } from "@playwright/test";
import { inviteNewMember, signUp } from "./helpers";

// Runs with playwright.billing.config.ts: billing on, Stripe's API answered by the stand-in in
// e2e/billing/stripe-stand-in.ts, one port above the app's.
const STRIPE = `http://localhost:${Number(process.env.E2E_PORT ?? 3100) + 1}`;

test("an owner subscribes through Checkout and comes back to the plan they chose", async ({ page }) => {
  const { slug } = await signUp(page);
  await page.goto(`/w/${slug}/settings/billing`);
  await expect(page.getByText("14 days left in the Growth trial")).toBeVisible();

  const toCheckout = page.waitForRequest((request) => request.url().startsWith(`${STRIPE}/c/pay/`));
  await page.getByRole("form", { name: "Subscribe to Scale" }).getByRole("button", { name: "Monthly" }).click();
  const checkoutUrl = new URL((await toCheckout).url());
  const sessionId = checkoutUrl.pathname.split("/").pop()!;
  expect(sessionId).toMatch(/^cs_test_[0-9a-f]+$/);

  // What the app asked Stripe for, as the stand-in received it.
  const sessions = (await (await page.request.get(`${STRIPE}/__checkout_sessions`)).json()) as { id: string; params: Record<string, string> }[];
  const asked = sessions.find((s) => s.id === sessionId)!.params;
  expect(asked).toMatchObject({ mode: "subscription", "line_items[0][price]": "price_signalboard_scale_monthly", "line_items[0][quantity]": "1" });
  expect(asked.client_reference_id).toBe(asked["metadata[workspace_id]"]);
  expect(asked.success_url).toMatch(new RegExp(`/w/${slug}/settings/billing\\?checkout=\\{CHECKOUT_SESSION_ID\\}$`));

  // Back from Checkout with the session's id, as Stripe sends the browser.
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/settings/billing\\?checkout=${sessionId}$`));
  await expect(page.getByTestId("billing-plan")).toHaveText("Scale");
  await expect(page.getByTestId("billing-provider")).toHaveText("Stripe");
  await expect(page.getByRole("button", { name: "Open the billing portal" })).toBeVisible();
  await expect(page.getByText("No invoices yet")).toBeVisible();

  // The plan holds on a plain visit too: it was applied, not only shown.
  await page.goto(`/w/${slug}/settings/billing`);
  await expect(page.getByTestId("billing-plan")).toHaveText("Scale");
});

test("an admin cannot open the billing page", async ({ page, browser }) => {
  const { slug } = await signUp(page);
  const { page: admin, context } = await inviteNewMember(page, browser, slug, "admin");
  const response = await admin.goto(`/w/${slug}/settings/billing`);
  expect(response?.status()).toBe(403);
  await expect(admin.getByRole("heading", { name: "You don't have permission to view this page" })).toBeVisible();
  await context.close();
});

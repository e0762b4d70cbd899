import crypto from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { Client } from "pg";
import { inviteNewMember, signUp } from "./helpers";

// Runs with playwright.billing.config.ts: billing on, Stripe's API answered by the stand-in in
// e2e/billing/stripe-stand-in.ts, one port above the app's, and the app's throwaway database two
// above (e2e/billing/app-server.ts).
const PORT = Number(process.env.E2E_PORT ?? 3100);
const STRIPE = `http://localhost:${PORT + 1}`;
const DATABASE_URL = `postgresql://postgres:signalboard@127.0.0.1:${PORT + 2}/signalboard`;

/** Straight to the app's database: only for what time does (a grace period ending) or no stand-in makes. */
async function sql(text: string, params: unknown[] = []) {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** Subscribes through Checkout from the billing page; the subscription's id in the stand-in Stripe. */
async function subscribe(page: Page, slug: string, plan: "Growth" | "Scale"): Promise<string> {
  await page.goto(`/w/${slug}/settings/billing`);
  await page.getByRole("form", { name: `Subscribe to ${plan}` }).getByRole("button", { name: "Monthly" }).click();
  await expect(page).toHaveURL(/checkout=cs_test_/);
  await expect(page.getByTestId("billing-plan")).toHaveText(plan);
  const sessionId = new URL(page.url()).searchParams.get("checkout");
  const sessions = (await (await page.request.get(`${STRIPE}/__checkout_sessions`)).json()) as { id: string; subscription: string }[];
  return sessions.find((s) => s.id === sessionId)!.subscription;
}

/** Changes the subscription in Stripe (the portal, a failed renewal, the period's end); Stripe tells the app by webhook. */
async function changeSubscription(page: Page, subscription: string, change: { status?: string; cancel_at_period_end?: boolean; period_ended?: boolean }) {
  const response = await page.request.post(`${STRIPE}/__subscriptions/${subscription}`, { data: change });
  expect(await response.json()).toMatchObject({ status: 200 });
}

/** Reloads `path` until `text` shows: the webhook's job applies the change moments after Stripe's delivery is answered. */
async function reloadUntil(page: Page, path: string, text: string | RegExp) {
  await expect(async () => {
    await page.goto(path);
    await expect(page.getByText(text).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

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

test("a read-only workspace cannot edit a dashboard: no edit controls, and a direct attempt is refused", async ({ page, baseURL }) => {
  const { slug } = await signUp(page);
  const subscription = await subscribe(page, slug, "Growth");

  // A renewal fails: full access through the grace period.
  await changeSubscription(page, subscription, { status: "past_due" });
  await reloadUntil(page, `/w/${slug}/settings/billing`, "The last payment failed. Everything works until");

  // The week of grace passes.
  await sql("UPDATE workspace_billing SET grace_ends_at = now() - interval '1 minute' WHERE workspace_id = (SELECT id FROM workspaces WHERE slug = $1)", [slug]);

  await page.goto(`/w/${slug}/dashboards`);
  await expect(page.getByText("New dashboard")).toHaveCount(0);
  await page.getByTestId("dashboard-list").getByRole("link", { name: "Overview" }).click();
  await expect(page.getByTestId("dashboard-name")).toContainText("Overview");
  // Readable, not editable.
  await expect(page.getByTestId("widget").first()).toBeVisible();
  await expect(page.getByTestId("add-widget")).toHaveCount(0);
  await expect(page.getByTestId("widget-edit")).toHaveCount(0);
  await expect(page.getByTestId("widget-remove")).toHaveCount(0);
  await expect(page.getByTestId("widget-drag-handle")).toHaveCount(0);
  await expect(page.getByTestId("dashboard-actions")).toHaveCount(0);

  const dashboardId = new URL(page.url()).pathname.split("/").pop()!;
  const attempt = await page.request.patch(`/api/v1/workspaces/${slug}/dashboards/${dashboardId}`, { data: { name: "Renamed" }, headers: { origin: baseURL! } });
  expect(attempt.status()).toBe(402);
  expect(await attempt.text()).toContain("This workspace is read-only");
  await page.reload();
  await expect(page.getByTestId("dashboard-name")).toContainText("Overview");
});

test("an owner cancels, chooses which store stays on Free, and the other is paused at the period's end", async ({ page }) => {
  const { slug } = await signUp(page);
  const subscription = await subscribe(page, slug, "Growth");
  // Two stores (Free keeps one). Connecting real stores needs their platforms, so they are put in place as connecting leaves them.
  for (const [name, daysAgo] of [["Old shop", 20], ["New shop", 2]] as const) {
    await sql(
      `INSERT INTO connections (workspace_id, id, provider, external_account_id, display_name, credentials, scopes, created_at, updated_at)
       SELECT id, $2, 'woocommerce', $3, $4, 'sealed', '{}', now() - make_interval(days => $5), now() FROM workspaces WHERE slug = $1`,
      [slug, `c${crypto.randomBytes(8).toString("hex")}`, `https://${name.replace(" ", "-").toLowerCase()}.example`, name, daysAgo],
    );
  }

  // Canceled in the portal: Growth until the period ends, and the owner is asked which store stays.
  await changeSubscription(page, subscription, { cancel_at_period_end: true });
  await reloadUntil(page, `/w/${slug}/settings/billing`, "Canceled at the period's end");
  const choice = page.getByTestId("keep-connections");
  await expect(choice.getByText("You have not chosen yet")).toBeVisible();
  const oldShop = choice.getByRole("radio", { name: /Old shop/ });
  const newShop = choice.getByRole("radio", { name: /New shop/ });
  await expect(oldShop).toBeChecked();

  // By keyboard: the arrow key moves the choice, then the button saves it.
  await oldShop.focus();
  await page.keyboard.press("ArrowDown");
  await expect(newShop).toBeChecked();
  await choice.getByRole("button", { name: "Keep these connections" }).click();
  await expect(choice.getByText("Saved: New shop stays.")).toBeVisible();

  // Nothing is paused before the period ends.
  await page.goto(`/w/${slug}/connections`);
  await expect(page.getByTestId("plan-paused")).toHaveCount(0);

  // The period ends: Stripe deletes the subscription; the workspace is on Free and the old shop is paused.
  await changeSubscription(page, subscription, { period_ended: true });
  await reloadUntil(page, `/w/${slug}/connections`, "Paused: over the Free plan's limit");
  const card = (name: string) => page.getByTestId("connection").filter({ has: page.getByRole("heading", { name }) });
  await expect(card("Old shop").getByTestId("plan-paused")).toContainText("upgrade or choose which connections stay");
  await expect(card("Old shop").getByRole("button", { name: "Sync now" })).toHaveCount(0);
  await expect(card("New shop").getByTestId("plan-paused")).toHaveCount(0);
  await expect(card("New shop").getByRole("button", { name: "Sync now" })).toBeVisible();

  await page.goto(`/w/${slug}/settings/billing`);
  await expect(page.getByTestId("billing-plan")).toHaveText("Free");
  await expect(page.getByText("Paused over the Free plan's limit of 1 store connection: Old shop. Still syncing: New shop.")).toBeVisible();
});

import { expect, test } from "@playwright/test";
import { signUp } from "./helpers";

// The demo WooCommerce store (README: its address and keys) is answered inside the app, so this
// connects it exactly as a merchant connects a real store: the address and a key pair pasted on the
// connections page. Its history (2,000 orders) ends on 31 October 2026, hence the fixed range below.
const DEMO_STORE = { url: "https://demo-store.woocommerce.signalboard.invalid", key: "ck_signalboard_demo", secret: "cs_signalboard_demo" };
const LAST_DEMO_MONTH = { from: "2026-10-01", to: "2026-10-31" };

test("an admin connects the demo WooCommerce store by key pair, its orders reach the Overview and the Products report", async ({ page }) => {
  test.setTimeout(180_000);
  const { slug } = await signUp(page);
  await page.goto(`/w/${slug}/connections`);

  const form = page.getByRole("form", { name: "Connect WooCommerce with a key pair" });
  await form.getByLabel("Store address").fill(DEMO_STORE.url);
  await form.getByLabel("Consumer key").fill(DEMO_STORE.key);
  await form.getByLabel("Consumer secret").fill(DEMO_STORE.secret);
  await form.getByRole("button", { name: "Connect WooCommerce" }).click();

  const connection = page.getByTestId("connection");
  await expect(connection).toHaveCount(1, { timeout: 30_000 });
  await expect(connection.getByRole("heading", { name: "Signalboard Demo WooCommerce" })).toBeVisible();
  await expect(connection.getByText(/WooCommerce · demo-store\.woocommerce\.signalboard\.invalid · Pacific\/Auckland · NZD/)).toBeVisible();

  // The backfill runs in the app's own scheduler; the page refreshes itself while it does.
  const synced = async () => Number((await connection.getByTestId("orders-synced").textContent())!.replace(/,/g, ""));
  await expect.poll(synced, { timeout: 120_000 }).toBe(2_000);
  await expect(connection.getByTestId("status-badge")).toHaveText("Active", { timeout: 60_000 });

  // The run turns Active, then refreshes the rollups of the days it wrote: reload until they are in.
  const overview = `/w/${slug}?${new URLSearchParams({ range: "custom", ...LAST_DEMO_MONTH })}`;
  const kpi = (title: string) => page.getByTestId("widget").filter({ hasText: title }).first().getByTestId("kpi-value");
  await expect
    .poll(async () => {
      await page.goto(overview);
      return Number((await kpi("Orders").textContent())!.replace(/,/g, ""));
    }, { timeout: 120_000, intervals: [2_000, 5_000] })
    .toBeGreaterThan(0);
  await expect(kpi("Total sales")).toHaveText(/[1-9]/);

  await page.getByRole("link", { name: "Products", exact: true }).first().click();
  await expect(page.getByRole("heading", { name: "Products", level: 1 })).toBeVisible();
  await page.goto(`/w/${slug}/products?${new URLSearchParams(LAST_DEMO_MONTH)}`);
  const table = page.getByTestId("product-table");
  await expect(table.getByRole("row").filter({ hasText: "Harbour Hoodie" })).toHaveCount(1);
  await expect(table.getByRole("row").filter({ hasText: "Harbour Hoodie" })).toContainText(/[1-9]/);
});

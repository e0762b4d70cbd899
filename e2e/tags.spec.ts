import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { signIn, signUp } from "./helpers";

// Tags, segments and a customer's tags on the demo store: a rule made on the tags page with its
// live count becomes an audience an admin exports; a CSV upload reports what matched and applies
// only on confirmation; the segments page fits a phone.

const DEMO_EMAIL = "demo@signalboard.local";
const DEMO_PASSWORD = "signalboard-demo";

async function demo(page: Page): Promise<string> {
  await signIn(page, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  return new URL(page.url()).pathname.split("/")[2]!;
}

/** The id of a demo customer, once the store's first sync has been rolled up. */
async function demoCustomerId(page: Page, slug: string): Promise<string> {
  const customer = page.getByTestId("customer-table").getByRole("row").nth(1).getByRole("link").first();
  await expect(async () => {
    await page.goto(`/w/${slug}/customers`);
    await expect(customer).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 150_000 });
  return (await customer.getAttribute("href"))!.split("/").pop()!;
}

test("create a rule on the tags page, see its live count and audience, and export it", async ({ page }) => {
  test.setTimeout(240_000);
  const slug = await demo(page);
  await demoCustomerId(page, slug);
  await page.goto(`/w/${slug}/customers`);
  await page.getByRole("link", { name: "Tags" }).click();
  await expect(page.getByRole("heading", { name: "Tags" })).toBeVisible();
  // The built-in rules are there, each with its switch.
  await expect(page.getByTestId("tag-row").filter({ hasText: "Win back" }).getByRole("switch")).toHaveAttribute("aria-checked", "true");

  const name = `Repeat buyers ${Date.now()}`;
  await page.getByTestId("new-tag").click();
  await page.getByLabel("Name").fill(name);
  await expect(page.getByLabel("Field of condition 1")).toHaveValue("orders");
  await page.getByLabel("Operator of condition 1").selectOption("gte");
  // A bad threshold is answered next to the value it names, and counts nobody.
  await page.getByLabel("Value of condition 1").fill("-1");
  await expect(page.getByTestId("rule-error")).toHaveText("Orders is at least 0.");
  await expect(page.getByTestId("rule-live-count")).toHaveText("Finish the rule to see how many people match.");
  await page.getByLabel("Value of condition 1").fill("1");
  await expect(page.getByTestId("rule-error")).toHaveCount(0);
  await expect(page.getByTestId("rule-live-count")).toHaveText(/^[1-9][\d,]* people match now\.$/);
  await page.getByRole("button", { name: "Create tag" }).click();
  // Everyone with an order has one; the demo store may still be adding customers, so the saved
  // size is read back rather than assumed equal to the count a moment before.
  await expect(page.getByText(new RegExp(`^Saved "${name}": [1-9][\\d,]* people have it\\.$`))).toBeVisible();

  const row = page.getByTestId("tag-row").filter({ hasText: name });
  await expect(row.getByTestId("tag-size")).toHaveText(/^[1-9][\d,]* people$/);
  await row.getByTestId("tag-audience-link").click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByTestId("audience-member").first()).toBeVisible();
  const size = Number(/· ([\d,]+) people now/.exec((await page.getByText(/people now/).textContent())!)![1]!.replace(/,/g, ""));
  const download = page.waitForEvent("download");
  await page.getByTestId("audience-export").click();
  const csv = fs.readFileSync((await (await download).path())!, "utf8").trim().split(/\r?\n/);
  expect(csv[0]).toBe("id,email,member_since,source,orders,net_sales,currency,last_order_at,country");
  expect(csv.length - 1).toBe(size);
  await page.reload();
  await expect(page.getByTestId("audience-exports")).toContainText(`${size.toLocaleString("en")} rows`);
});

test("a CSV upload shows its match report and applies only when confirmed; the profile shows the tag's history", async ({ page }) => {
  test.setTimeout(240_000);
  const slug = await demo(page);
  const customerId = await demoCustomerId(page, slug);
  await page.goto(`/w/${slug}/customers/tags`);
  const name = `Uploaded ${Date.now()}`;
  await page.getByTestId("new-tag").click();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("People tagged by hand or by CSV").check();
  await page.getByRole("button", { name: "Create tag" }).click();
  await expect(page.getByText(`Saved "${name}": 0 people have it.`)).toBeVisible();

  const row = page.getByTestId("tag-row").filter({ hasText: name });
  await row.getByRole("button", { name: "Upload CSV" }).click();
  await row.getByLabel("CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(`customer_id\n${customerId}\nnobody-here\n`) });
  await row.getByRole("button", { name: "Check the file" }).click();
  const report = row.getByTestId("match-report");
  await expect(report.getByTestId("match-matched")).toHaveText("1");
  await expect(report.getByTestId("match-unmatched")).toHaveText("1");
  await expect(report.getByTestId("unmatched-row")).toHaveText(/\d+\s*nobody-here\s*Not a customer id\./);
  await expect(report.getByText("Nothing has changed yet.")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("tag-row").filter({ hasText: name }).getByTestId("tag-size")).toHaveText("0 people");

  await page.getByTestId("tag-row").filter({ hasText: name }).getByRole("button", { name: "Upload CSV" }).click();
  await row.getByLabel("CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(`customer_id\n${customerId}\nnobody-here\n`) });
  await row.getByRole("button", { name: "Check the file" }).click();
  await row.getByTestId("apply-matched").click();
  await expect(row.getByText("Done: 1 tagged (0 already were).")).toBeVisible();
  await expect(row.getByTestId("tag-size")).toHaveText("1 person");

  // The customer's profile: the tag with its history; removing it there is recorded too.
  await page.goto(`/w/${slug}/customers/${customerId}`);
  const tag = page.getByTestId("person-tag").filter({ hasText: name });
  await expect(tag).toContainText("has it");
  await expect(tag.getByTestId("person-tag-change")).toHaveText([/^Gained \d{4}-\d{2}-\d{2} \d{2}:\d{2} by hand$/]);
  await tag.getByRole("button", { name: `Remove the tag ${name}` }).click();
  await expect(tag).toContainText("no longer");
  await expect(tag.getByTestId("person-tag-change")).toHaveText([/^Lost .* by hand$/, /^Gained .* by hand$/]);
  await page.getByLabel("Add a tag").selectOption({ label: name });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(tag).toContainText("has it");
  await expect(tag.getByTestId("person-tag-change")).toHaveCount(3);
});

test("the segments page fits a phone and opens a movement cell's customers", async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 390, height: 844 });
  const slug = await demo(page);
  await page.goto(`/w/${slug}/customers/segments`);
  await expect(page.getByRole("heading", { name: "Segments", exact: true })).toBeVisible();
  // The demo store's backfill asks for a full recompute; the segments appear once it has run.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("segment-size").first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 200_000 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  const cell = page.getByTestId("movement-table").getByRole("link").first();
  const label = (await cell.getAttribute("aria-label"))!;
  const count = Number(label.split(" ")[0]);
  await cell.click();
  await expect(page).toHaveURL(/\?from=[a-z_]+&to=[a-z_]+#moved$/);
  await expect(page.getByTestId("moved-person")).toHaveCount(Math.min(count, 100));
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  // Everyone of the cell tagged at once, by keyboard; the tags page lists the tag with them all.
  const tagName = `Moved ${Date.now()}`;
  await page.getByLabel("Tag name").fill(tagName);
  await page.getByLabel("Tag name").press("Enter");
  await expect(page.getByTestId("movement-tagged")).toContainText(`Tagged ${count.toLocaleString("en")} customer`);
  await page.getByRole("link", { name: "Open tags" }).click();
  await expect(page.getByTestId("tag-row").filter({ hasText: tagName }).getByTestId("tag-size")).toHaveText(`${count.toLocaleString("en")} ${count === 1 ? "person" : "people"}`);
  await page.goto(`/w/${slug}/customers/segments?from=nowhere&to=lost`);
  await expect(page.getByText(/from must be one of champions/)).toBeVisible();
});

test("another workspace's tags, segments and their customers are not found", async ({ page, browser }) => {
  await signUp(page);
  const other = await browser.newContext();
  const b = await signUp(await other.newPage());
  await other.close();
  for (const path of ["/customers/tags", "/customers/segments", "/customers/segments?from=lost&to=lost"]) {
    const response = await page.goto(`/w/${b.slug}${path}`);
    expect(response?.status(), path).toBe(404);
  }
  expect((await page.request.post(`/api/v1/workspaces/${b.slug}/tags/preview`, { data: { rule: { match: "all", conditions: [{ field: "orders", op: "gte", value: 1 }] } } })).status()).toBe(404);
});

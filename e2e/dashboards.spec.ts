import { expect, test, type Page } from "@playwright/test";
import { inviteNewMember, signIn, signUp } from "./helpers";

async function openOverview(page: Page, slug: string) {
  await page.goto(`/w/${slug}/dashboards`);
  await page.getByTestId("dashboard-list").getByRole("link", { name: "Overview" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/dashboards/[^/?]+$`));
  await expect(page.getByTestId("dashboard-name")).toContainText("Overview");
}

const widget = (page: Page, title: string) => page.getByTestId("widget").filter({ has: page.getByRole("heading", { name: title, exact: true }) });

test("an owner adds a widget, drags it, changes the range, renames and duplicates the dashboard", async ({ page }) => {
  const { slug } = await signUp(page);
  // The home opens the default dashboard under the data-sources empty state.
  await expect(page.getByTestId("empty-state")).toBeVisible();
  await expect(page.getByTestId("dashboard-name")).toContainText("Overview");

  await openOverview(page, slug);
  const dashboardUrl = page.url();
  await expect(page.getByTestId("widget").first()).toBeVisible();

  // Add a KPI card through the picker.
  await page.getByTestId("add-widget").click();
  const dialog = page.getByTestId("widget-dialog");
  await dialog.getByLabel("Type").selectOption("kpi");
  await dialog.getByLabel("Title").fill("Gross sales card");
  await dialog.getByRole("checkbox", { name: /^Gross sales/ }).check();
  await dialog.getByTestId("widget-save").click();
  await expect(dialog).toBeHidden();
  const card = widget(page, "Gross sales card");
  await expect(card.getByTestId("kpi-value")).toHaveText(/[$€£]|n\/a/);
  await expect(card.getByTestId("widget-csv")).toHaveAttribute("href", /format=csv/);

  // Drag it to the right by its handle; the layout is saved when the drag ends.
  await card.scrollIntoViewIfNeeded();
  const before = (await card.boundingBox())!;
  const handle = (await card.getByTestId("widget-drag-handle").boundingBox())!;
  const saved = page.waitForResponse((r) => r.url().includes("/layout") && r.request().method() === "PUT");
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle.x + 200, handle.y + 5, { steps: 8 });
  await page.mouse.move(handle.x + 500, handle.y + 5, { steps: 8 });
  await page.mouse.up();
  expect((await saved).status()).toBe(200);
  await page.reload();
  const after = (await widget(page, "Gross sales card").boundingBox())!;
  expect(after.x).toBeGreaterThan(before.x + 200);

  // The range and comparison live in the URL, and a reload keeps them.
  // The URL changes before the page shows the new range: each figure is read once it does.
  const initial = (await page.getByTestId("range-summary").textContent())!;
  await page.getByTestId("range-preset").selectOption("last_7_days");
  await expect(page).toHaveURL(/\?range=last_7_days&compare=previous_period$/);
  await expect(page.getByTestId("range-summary")).not.toHaveText(initial);
  const previousPeriod = (await page.getByTestId("range-compare-label").textContent())!;
  await page.getByTestId("range-compare").selectOption("previous_year");
  await expect(page).toHaveURL(/\?range=last_7_days&compare=previous_year$/);
  await expect(page.getByTestId("range-compare-label")).not.toHaveText(previousPeriod);
  const summary = await page.getByTestId("range-summary").textContent();
  await page.reload();
  await expect(page.getByTestId("range-preset")).toHaveValue("last_7_days");
  await expect(page.getByTestId("range-compare")).toHaveValue("previous_year");
  await expect(page.getByTestId("range-summary")).toHaveText(summary!);
  // The card names the comparison range the picker shows (the same 7 days a year earlier).
  const compared = await page.getByTestId("range-compare-label").textContent();
  await expect(widget(page, "Gross sales card").getByTestId("kpi-compare-range")).toHaveText(compared!);

  await page.getByTestId("range-preset").selectOption("custom");
  await page.getByLabel("From", { exact: true }).fill("2025-01-01");
  await page.getByLabel("To", { exact: true }).fill("2025-01-31");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/\?range=custom&from=2025-01-01&to=2025-01-31&compare=previous_year$/);
  await expect(page.getByTestId("range-summary")).toContainText("Jan 1, 2025 – Jan 31, 2025");
  await expect(widget(page, "Gross sales card").getByTestId("widget-csv")).toHaveAttribute("href", /date_from=2025-01-01&date_to=2025-01-31/);

  // Rename, then duplicate: the copy opens on its own URL and keeps the range.
  await page.getByRole("button", { name: "Rename" }).click();
  await page.getByLabel("Dashboard name").fill("Store overview");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("dashboard-name")).toContainText("Store overview");
  await page.reload();
  await expect(page.getByTestId("dashboard-name")).toContainText("Store overview");

  await page.getByRole("button", { name: "Duplicate" }).click();
  await expect(page.getByTestId("dashboard-name")).toContainText("Store overview (copy)");
  expect(page.url().split("?")[0]).not.toBe(dashboardUrl);
  await expect(page).toHaveURL(/range=custom&from=2025-01-01/);
  await expect(widget(page, "Gross sales card")).toBeVisible();
  await page.goto(`/w/${slug}/dashboards`);
  await expect(page.getByTestId("dashboard-list")).toContainText("Store overview (copy)");
});

test("a viewer reads the dashboard without edit controls", async ({ page, browser }) => {
  const { slug } = await signUp(page);
  const { page: viewer, context } = await inviteNewMember(page, browser, slug, "viewer");
  await openOverview(viewer, slug);
  await expect(viewer.getByTestId("widget").first()).toBeVisible();
  await expect(viewer.getByTestId("widget-csv").first()).toBeVisible();
  for (const control of ["add-widget", "widget-drag-handle", "widget-edit", "widget-remove", "dashboard-actions"]) {
    await expect(viewer.getByTestId(control), control).toHaveCount(0);
  }
  // The viewer may still change the range: it is only a view.
  await viewer.getByTestId("range-preset").selectOption("yesterday");
  await expect(viewer).toHaveURL(/range=yesterday/);
  await context.close();
});

test("another workspace's dashboard is a 404, by its own URL or under one's own workspace", async ({ page, browser }) => {
  const { slug: ownerSlug } = await signUp(page);
  await openOverview(page, ownerSlug);
  const dashboardId = new URL(page.url()).pathname.split("/").pop()!;

  const strangerContext = await browser.newContext();
  const stranger = await strangerContext.newPage();
  const { slug: strangerSlug } = await signUp(stranger);
  for (const path of [`/w/${ownerSlug}/dashboards/${dashboardId}`, `/w/${strangerSlug}/dashboards/${dashboardId}`]) {
    const response = await stranger.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(stranger.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  await strangerContext.close();
});

test("a tag filter restricts the per-customer widgets and marks the others, kept in the URL; attribution takes it too", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, "demo@signalboard.local", "signalboard-demo");
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  // Wait for the demo store's first sync to reach the customers' ledger.
  await expect(async () => {
    await page.goto(`/w/${slug}/customers`);
    await expect(page.getByTestId("customer-table").getByRole("row").nth(1)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 150_000 });
  // Repeat buyers: a rule tag, run over everyone when it is made.
  const name = `Repeat ${Date.now()}`;
  const created = await page.request.post(`/api/v1/workspaces/${slug}/tags`, {
    headers: { origin: new URL(page.url()).origin },
    data: { name, rule: { match: "all", conditions: [{ field: "orders", op: "gte", value: 2 }] } },
  });
  expect(created.status()).toBe(201);
  const tagId = ((await created.json()) as { id: string }).id;

  await openOverview(page, slug);
  const orders = widget(page, "Orders").getByTestId("kpi-value");
  await expect(orders).toHaveText(/\d/);
  const everyone = Number((await orders.textContent())!.replace(/[^\d]/g, ""));
  expect(everyone).toBeGreaterThan(0);
  await expect(widget(page, "Ad spend").getByTestId("widget-tag-note")).toHaveCount(0);

  await page.getByTestId("dashboard-tag").selectOption({ label: `Tagged ${name}` });
  await expect(page).toHaveURL(new RegExp(`tag=${tagId}`));
  const shown = async () => Number((await orders.textContent())!.replace(/[^\d]/g, ""));
  await expect(async () => expect(await shown()).toBeLessThan(everyone)).toPass({ timeout: 15_000 });
  const tagged = await shown();
  await expect(widget(page, "Ad spend").getByTestId("widget-tag-note")).toHaveText(/Not filtered by tag/);
  await expect(widget(page, "Orders").getByTestId("widget-tag-note")).toHaveCount(0);
  // The range picker keeps the tag, and a reload paints the tagged figures on the server.
  await page.reload();
  await expect(page.getByTestId("dashboard-tag")).toHaveValue(tagId);
  await page.getByTestId("dashboard-tag").selectOption("");
  await expect(page).not.toHaveURL(/tag=/);
  await expect(async () => expect(await shown()).toBeGreaterThan(tagged)).toPass({ timeout: 15_000 });

  await page.goto(`/w/${slug}/attribution`);
  await page.getByTestId("attribution-tag").selectOption({ label: `Tagged ${name}` });
  await page.getByTestId("attribution-apply").click();
  await expect(page).toHaveURL(new RegExp(`tag=${tagId}`));
  await expect(page.getByTestId("attribution-tag")).toHaveValue(tagId);
  await expect(page.getByText(/Ad spend is not spent per customer/)).toBeVisible();
});

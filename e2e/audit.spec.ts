import fs from "node:fs";
import Papa from "papaparse";
import { expect, test } from "@playwright/test";
import { inviteNewMember, signUp } from "./helpers";

// The admins' audit trail page: what an owner did shows up, filters live in the URL, "Load more"
// pages on, the CSV holds the filtered rows (and its download is itself recorded), and a member
// without the permission is refused the page, its tab and the API.

test("an owner reads, filters and downloads the audit trail; an editor is refused", async ({ page, browser }) => {
  const { slug } = await signUp(page);

  await page.goto(`/w/${slug}/settings`);
  await page.getByLabel("Name").fill("Audited Goods");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();

  await page.goto(`/w/${slug}/settings/api-keys`);
  await page.getByLabel("Name").fill("Warehouse sync");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-api-key")).toBeVisible();

  const { page: editor, context: editorContext } = await inviteNewMember(page, browser, slug, "member");

  await page.goto(`/w/${slug}/settings`);
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Audit trail" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/settings/audit$`));
  const rows = page.getByTestId("audit-row");
  await expect(rows.filter({ hasText: "Changed the workspace settings" })).toContainText("Audited Goods");
  await expect(rows.filter({ hasText: "Created an API key" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Invited someone" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Accepted an invitation" })).toHaveCount(1);

  // Filtering by keyboard: choose the action group, then Enter in a field submits the form.
  await page.getByLabel("Action").selectOption("invitation.*");
  await page.getByLabel("Target id").focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/action=invitation\.\*/);
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "Created an API key" })).toHaveCount(0);
  await expect(page.getByLabel("Action")).toHaveValue("invitation.*");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("audit-csv").click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^signalboard-audit-${slug}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const csv = Papa.parse<Record<string, string>>(fs.readFileSync((await download.path())!, "utf8").trim(), { header: true });
  expect(csv.errors).toEqual([]);
  expect(csv.data.map((r) => r.action).sort()).toEqual(["invitation.accepted", "invitation.created"]);
  for (const row of csv.data) {
    expect(row.actor_kind).toBe("user");
    expect(row.occurred_local).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  }
  expect(JSON.stringify(csv.data)).not.toContain("@example.test");

  // The download is in the trail, with the filters it used.
  await page.goto(`/w/${slug}/settings/audit?action=audit.exported`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("action=invitation.*");

  // Two events a page: "Load more" appends the older ones until none are left.
  await page.goto(`/w/${slug}/settings/audit?limit=2`);
  await expect(rows).toHaveCount(2);
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(rows).toHaveCount(4);
  while (await page.getByRole("button", { name: "Load more" }).isVisible()) {
    const before = await rows.count();
    await page.getByRole("button", { name: "Load more" }).click();
    await expect(rows).not.toHaveCount(before);
  }
  await expect(page.getByText(/events shown, all that match/)).toBeVisible();

  // A filter that matches nothing says so; a malformed one is explained, not a crash.
  await page.goto(`/w/${slug}/settings/audit?action=dashboard.deleted`);
  await expect(page.getByTestId("audit-empty")).toContainText("No event matches these filters.");
  const bad = await page.goto(`/w/${slug}/settings/audit?from=yesterday`);
  expect(bad?.status()).toBe(200);
  await expect(page.getByText("from must be a date as YYYY-MM-DD.")).toBeVisible();

  // An editor (member) is refused the page and the API, and is shown no tab for it.
  expect((await editor.goto(`/w/${slug}/settings/audit`))?.status()).toBe(403);
  await expect(editor.getByRole("link", { name: "Audit trail" })).toHaveCount(0);
  await expect(editor.getByTestId("audit-row")).toHaveCount(0);
  const api = await editor.request.get(`/api/v1/workspaces/${slug}/audit-events`);
  expect(api.status()).toBe(403);
  expect((await editor.request.get(`/api/v1/workspaces/${slug}/audit-events?format=csv`)).status()).toBe(403);
  await editorContext.close();

  // Someone from another workspace finds nothing there.
  const stranger = await browser.newContext();
  const theirs = await stranger.newPage();
  await signUp(theirs);
  expect((await theirs.goto(`/w/${slug}/settings/audit`))?.status()).toBe(404);
  expect((await theirs.request.get(`/api/v1/workspaces/${slug}/audit-events`)).status()).toBe(404);
  await stranger.close();
});

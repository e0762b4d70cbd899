import { expect, test } from "@playwright/test";
import { formAlert, inviteNewMember, signUp } from "./helpers";

test("a viewer can read the workspace but cannot reach or post to settings", async ({ page, browser }) => {
  const { slug, workspace } = await signUp(page);
  const { page: viewer, context: viewerContext } = await inviteNewMember(page, browser, slug, "viewer");
  await expect(viewer.getByRole("heading", { name: workspace })).toBeVisible();
  await expect(viewer.getByRole("link", { name: "Settings" })).toHaveCount(0);

  for (const path of ["settings", "settings/members", "settings/api-keys", "settings/tracking"]) {
    const response = await viewer.goto(`/w/${slug}/${path}`);
    expect(response?.status(), path).toBe(403);
    await expect(viewer.getByRole("heading", { name: "You don't have permission to view this page" })).toBeVisible();
  }

  // Posting the settings form directly, with the action id an admin's page carries, changes nothing.
  await page.goto(`/w/${slug}/settings`);
  const form = page.locator("form", { has: page.getByLabel("Address") });
  const fields: Record<string, string> = {};
  for (const input of await form.locator('input[type="hidden"]').all()) {
    fields[(await input.getAttribute("name"))!] = (await input.getAttribute("value")) ?? "";
  }
  expect(Object.keys(fields).some((name) => name.startsWith("$ACTION"))).toBe(true);
  const post = (as: typeof page, name: string) =>
    as.request.post(`/w/${slug}/settings`, {
      headers: { origin: new URL(page.url()).origin },
      multipart: { ...fields, name, newSlug: slug, timeZone: "UTC", currency: "USD" },
    });
  // The same request from the owner goes through, so the viewer's is refused by the guard, not by its shape.
  await post(page, "Renamed by owner");
  const afterOwner = await page.request.get(`/api/v1/workspaces/${slug}`);
  expect((await afterOwner.json()).workspace.name).toBe("Renamed by owner");
  await post(viewer, "Taken over");
  const api = await viewer.request.patch(`/api/v1/workspaces/${slug}`, { data: { name: "Taken over" } });
  expect(api.status()).toBe(403);
  expect((await api.json()).error.code).toBe("forbidden");

  const check = await page.request.get(`/api/v1/workspaces/${slug}`);
  expect((await check.json()).workspace.name).toBe("Renamed by owner");
  await viewerContext.close();
});

test("an owner changes a member's role and cannot leave as the only owner", async ({ page, browser }) => {
  const { slug } = await signUp(page);
  const { email: memberEmail, page: member, context } = await inviteNewMember(page, browser, slug, "member");

  await page.goto(`/w/${slug}/settings/members`);
  const row = page.getByTestId("member-row").filter({ hasText: memberEmail });
  await row.getByLabel(`Role for ${memberEmail}`).selectOption("admin");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByText("Role updated.")).toBeVisible();

  await member.goto(`/w/${slug}/settings/members`);
  await expect(member.getByRole("heading", { name: "Invite people" })).toBeVisible();
  await context.close();

  await page.goto(`/w/${slug}/leave`);
  await page.getByRole("button", { name: "Leave workspace" }).click();
  await expect(formAlert(page, "at least one owner")).toBeVisible();
});

import { expect, test } from "@playwright/test";
import { signUp } from "./helpers";

test("user A gets 404 on user B's workspace pages and API", async ({ page, browser }) => {
  const a = await signUp(page);
  const otherContext = await browser.newContext();
  const b = await signUp(await otherContext.newPage());
  await otherContext.close();

  for (const path of ["", "/settings", "/settings/members", "/settings/api-keys", "/leave", "/anything"]) {
    const response = await page.goto(`/w/${b.slug}${path}`);
    expect(response?.status(), path || "/").toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  const api = await page.request.get(`/api/v1/workspaces/${b.slug}`);
  expect(api.status()).toBe(404);
  const members = await page.request.get(`/api/v1/workspaces/${b.slug}/members`);
  expect(members.status()).toBe(404);
  const patch = await page.request.patch(`/api/v1/workspaces/${b.slug}`, { data: { name: "Mine now" } });
  expect(patch.status()).toBe(404);
  // A's own workspace still answers, so the 404s above are about tenancy, not a broken API.
  expect((await page.request.get(`/api/v1/workspaces/${a.slug}`)).status()).toBe(200);
});

test("API keys: created once in the UI, used with Bearer, scoped to their workspace and role, revocable", async ({ page, browser, request }) => {
  const a = await signUp(page);
  const otherContext = await browser.newContext();
  const b = await signUp(await otherContext.newPage());
  await otherContext.close();

  await page.goto(`/w/${a.slug}/settings/api-keys`);
  await page.getByLabel("Name").fill("Read-only export");
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(key).toMatch(/^sb_/);
  await page.reload();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  await expect(page.getByTestId("api-key-row").filter({ hasText: "Read-only export" })).toBeVisible();

  const auth = { Authorization: `Bearer ${key}` };
  const ok = await request.get(`/api/v1/workspaces/${a.slug}`, { headers: auth });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).role).toBe("viewer");

  expect((await request.get(`/api/v1/workspaces/${b.slug}`, { headers: auth })).status()).toBe(404);
  const forbidden = await request.patch(`/api/v1/workspaces/${a.slug}`, { headers: auth, data: { name: "x" } });
  expect(forbidden.status()).toBe(403);
  const missing = await request.get(`/api/v1/workspaces/${a.slug}`);
  expect(missing.status()).toBe(401);
  expect((await missing.json()).error.message).toContain("API key");
  expect((await request.get(`/api/v1/workspaces/${a.slug}`, { headers: { Authorization: "Bearer sb_nonsense" } })).status()).toBe(401);

  await page.getByTestId("api-key-row").filter({ hasText: "Read-only export" }).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("api-key-row").filter({ hasText: "Read-only export" })).toHaveCount(0);
  expect((await request.get(`/api/v1/workspaces/${a.slug}`, { headers: auth })).status()).toBe(401);
});

test("the API answers bad bodies with 400 and 413, never 500", async ({ page }) => {
  const { slug } = await signUp(page);
  const url = `/api/v1/workspaces/${slug}`;
  const malformed = await page.request.patch(url, { headers: { "content-type": "application/json" }, data: Buffer.from("{not json") });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.message).toContain("not valid JSON");

  const huge = await page.request.patch(url, { headers: { "content-type": "application/json" }, data: Buffer.from(JSON.stringify({ name: "x".repeat(1_100_000) })) });
  expect(huge.status()).toBe(413);

  const badField = await page.request.patch(url, { data: { timeZone: "Mars/Olympus" } });
  expect(badField.status()).toBe(400);
  expect((await badField.json()).error.fields.timeZone).toContain("time zone");

  const unknownField = await page.request.patch(url, { data: { plan: "free" } });
  expect(unknownField.status()).toBe(400);

  const health = await page.request.get("/api/health");
  expect(health.status()).toBe(200);
  expect((await health.json()).database.status).toBe("up");
});

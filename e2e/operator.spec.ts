import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { Client } from "pg";
import { signUp } from "./helpers";
import { e2eDatabaseUrl, runCli } from "./operator-cli";

// The operator console end to end: someone signs up, an operator of the installation makes them
// one with the real command line (against the e2e server's database), and they read the console:
// the rates and failing deliveries, the workspace list, a workspace's detail with its connections'
// health, and the jobs page, where a failed run is replayed from the keyboard and the replay shows
// in the operators' trail. Someone else, signed in but no operator, finds none of it.

/** A failed run of a real job for the workspace, as the job ledger records one: no page can make a job fail on purpose. */
async function insertFailedRun(workspaceSlug: string): Promise<string> {
  const client = new Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    const id = `e2e-${crypto.randomBytes(6).toString("hex")}`;
    const { rows } = await client.query<{ id: string }>("SELECT id FROM workspaces WHERE slug = $1", [workspaceSlug]);
    const workspaceId = rows[0]!.id;
    await client.query(
      `INSERT INTO job_runs (id, kind, workspace_id, payload, status, attempts, queued_at, started_at, finished_at, error)
       VALUES ($1, 'recompute-activity', $2, $3::jsonb, 'failed', 3, now() - interval '5 minutes', now() - interval '4 minutes', now() - interval '3 minutes', $4)`,
      [id, workspaceId, JSON.stringify({ workspaceId, scope: "pending" }), "connection reset by peer\nat the second line"],
    );
    return id;
  } finally {
    await client.end();
  }
}

test("an operator reads the console and replays a failed job; anyone else gets 404", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const { email, slug, workspace } = await signUp(page);

  // Before the grant the console does not exist for them.
  expect((await page.goto("/admin"))?.status()).toBe(404);

  expect(runCli(["operator:grant", "--email", email])).toContain(`${email} is now an operator`);

  // The front page: the rates and failing deliveries above the workspace list.
  expect((await page.goto("/admin"))?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Workspaces", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Ingestion per minute" })).toBeVisible();
  await expect(page.getByTestId("ingest-rates")).toContainText("Orders");
  await expect(page.getByTestId("ingest-rates")).toContainText("Tracked events");
  await expect(page.getByRole("heading", { name: "Failing deliveries" })).toBeVisible();

  // Their own workspace, found by name, opened from its row.
  await page.getByLabel("Search by name or slug").fill(workspace);
  await page.getByLabel("Search by name or slug").press("Enter");
  await page.getByRole("link", { name: workspace }).click();
  await expect(page.getByRole("heading", { name: workspace, level: 1 })).toBeVisible();
  await expect(page.getByTestId("workspace-members")).toHaveText("1 (1 owner)");
  await expect(page.getByTestId("support-access")).toContainText("None.");
  await expect(page.getByText("No connections yet.")).toBeVisible();
  const workspaceUrl = page.url();
  expect(workspaceUrl).toMatch(/\/admin\/workspaces\/[^/]+$/);

  // The demo workspace has a store connection, with its health.
  await page.goto("/admin?q=Acme%20Outdoor");
  await page.getByRole("link", { name: "Acme Outdoor Co." }).first().click();
  await expect(page.getByRole("heading", { name: "Acme Outdoor Co.", level: 1 })).toBeVisible();
  const demoId = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByTestId("connection-row").first()).toContainText("Last success");

  // The jobs page, from the console's nav; a failed run is listed and replayed with the keyboard.
  const runId = await insertFailedRun(slug);
  await page.getByRole("navigation", { name: "Operator console" }).getByRole("link", { name: "Jobs" }).click();
  await expect(page.getByRole("heading", { name: "Jobs", level: 1 })).toBeVisible();
  await expect(page.getByTestId("job-kind-row").filter({ hasText: "recompute-activity" })).toBeVisible();
  await page.getByLabel("Job kind").selectOption("recompute-activity");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/kind=recompute-activity/);
  const row = page.getByTestId("failed-run").filter({ hasText: runId });
  await expect(row).toContainText("connection reset by peer");
  await row.getByRole("button", { name: "Replay" }).focus();
  await page.keyboard.press("Enter");
  await expect(row.getByText(/Replayed as run /)).toBeVisible();

  // The replay is in the operators' trail, under the operator's own name.
  await page.goto("/admin/jobs?kind=recompute-activity");
  await expect(page.getByTestId("failed-run").filter({ hasText: runId })).toHaveCount(0);
  await page.goto("/admin/settings");
  await expect(page.getByTestId("operator-event").filter({ hasText: "Replayed a failed job" }).filter({ hasText: runId })).toContainText(email);

  // At phone width nothing on the console's pages leaves the screen sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const url of ["/admin", "/admin/jobs", new URL(workspaceUrl).pathname, "/admin/workspaces/" + demoId]) {
    await page.goto(url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${url} at 390 px`).toBeLessThanOrEqual(0);
  }

  // Someone signed in who is no operator: every console page is a 404, the workspace's included.
  const other = await browser.newContext();
  const stranger = await other.newPage();
  await signUp(stranger);
  for (const url of ["/admin", "/admin/jobs", new URL(workspaceUrl).pathname]) {
    expect((await stranger.goto(url))?.status(), url).toBe(404);
  }
  await other.close();
});

test("an unknown workspace and a bad jobs filter are answered, not failed", async ({ page }) => {
  const { email } = await signUp(page);
  runCli(["operator:grant", "--email", email]);
  expect((await page.goto("/admin/workspaces/no-such-workspace"))?.status()).toBe(404);
  await page.goto("/admin/jobs?kind=no-such-job");
  await expect(page.getByText("Choose a job kind from the list.")).toBeVisible();
});

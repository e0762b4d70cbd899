import { expect, test, type Page } from "@playwright/test";
import { addWebhookDestination, signUp } from "./helpers";

// The path end to end: a Slack destination pointing at the workspace's own webhook sink,
// its test message arriving, then a daily digest created in the editor (with the live preview and
// a field error on the way), previewed, sent now, and arriving in the sink too.

async function sinkMessages(page: Page, slug: string, count: number) {
  // The delivery job runs in the server; the message shows up in the sink within seconds.
  await expect(async () => {
    await page.goto(`/w/${slug}/settings/notifications/sink`);
    await expect(page.getByTestId("sink-message")).toHaveCount(count, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  return page.getByTestId("sink-message");
}

test("a daily digest to a Slack destination at the sink: test, create, preview, send now, arrive", async ({ page }) => {
  test.setTimeout(120_000);
  const { slug, workspace } = await signUp(page);

  await page.goto(`/w/${slug}/settings/notifications/sink`);
  const sink = (await page.getByTestId("sink-url").inputValue()).replace(/\/inbox$/, "/slack");
  await page.goto(`/w/${slug}/settings/notifications`);
  await addWebhookDestination(page, { kind: "slack", name: "Growth channel", url: sink });
  await page.getByTestId("destination").filter({ hasText: "Growth channel" }).getByRole("button", { name: "Send test" }).click();
  await expect(page.getByText("Test queued.")).toBeVisible();
  await expect((await sinkMessages(page, slug, 1)).first()).toContainText(`Test message from ${workspace}`);

  await page.goto(`/w/${slug}/digests`);
  await expect(page.getByTestId("digests-empty")).toContainText("A digest is a message with your key numbers");
  await page.getByRole("link", { name: "New digest" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/digests/new$`));

  const editor = page.getByRole("form", { name: "New digest" });
  const preview = page.getByTestId("digest-preview");
  await editor.getByLabel("Name").fill("Morning KPIs");
  await expect(page.getByTestId("schedule-words")).toHaveText(/^At 09:00/);
  await editor.getByLabel("Growth channel").check();
  // A misspelt placeholder is named at the field before anything is saved...
  await editor.getByLabel("Title").fill("{{ordres}} orders");
  await expect(editor.getByRole("alert").filter({ hasText: "unknown placeholder {{ordres}}" })).toBeVisible();
  // ...and once fixed, the preview shows the Slack message with the title filled in.
  await editor.getByLabel("Title").fill("{{orders}} orders yesterday at {{workspace}}");
  const slack = preview.getByTestId("destination-preview").filter({ hasText: "Growth channel" });
  await expect(slack).toContainText("Slack (Block Kit)");
  await expect(slack.getByTestId("readable-body")).toContainText(`orders yesterday at ${workspace}`);
  await editor.getByRole("button", { name: "Create digest" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/digests/[a-z0-9]+$`));

  await page.getByRole("link", { name: "Preview and send" }).click();
  await expect(page.getByRole("heading", { name: "Preview: Morning KPIs" })).toBeVisible();
  await expect(page.getByTestId("destination-preview")).toContainText(`orders yesterday at ${workspace}`);
  // Send now asks first; both steps work from the keyboard.
  await page.getByRole("button", { name: "Send now" }).press("Enter");
  await page.getByRole("button", { name: "Yes, send it now" }).press("Enter");
  await expect(page.getByText("Sent to 1 destination.")).toBeVisible();
  await expect(page.getByTestId("send-follow-up").getByRole("link", { name: "the webhook sink" })).toBeVisible();

  const messages = await sinkMessages(page, slug, 2);
  await expect(messages.first()).toContainText("slack");
  await expect(messages.first()).toContainText(`orders yesterday at ${workspace}`);

  await page.goto(`/w/${slug}/digests`);
  const row = page.getByTestId("digest-row").filter({ hasText: "Morning KPIs" });
  await expect(row).toContainText("Growth channel");
  await expect(row.getByTestId("digest-outcome")).toHaveText(/^Sent/);
});

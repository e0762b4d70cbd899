import { expect, test } from "@playwright/test";
import { addWebhookDestination, signUp } from "./helpers";

// A newcomer adds a Slack destination that points at the workspace's own webhook sink, sends a
// test, and sees the Block Kit message arrive; the delivery log shows it delivered.

test("a Slack destination pointed at the sink receives the test message", async ({ page }) => {
  const { slug, workspace } = await signUp(page);

  await page.goto(`/w/${slug}/settings/notifications/sink`);
  await expect(page.getByText("Nothing has arrived yet.")).toBeVisible();
  const sink = (await page.getByTestId("sink-url").inputValue()).replace(/\/inbox$/, "/slack");

  await page.goto(`/w/${slug}/settings/notifications`);
  await expect(page.getByText("No destinations yet.")).toBeVisible();
  await addWebhookDestination(page, { kind: "slack", name: "Growth channel", url: sink });

  const destination = page.getByTestId("destination").filter({ hasText: "Growth channel" });
  await expect(destination.getByTestId("destination-hint")).toContainText("••••");
  await destination.getByRole("button", { name: "Send test" }).click();
  await expect(page.getByText("Test queued.")).toBeVisible();

  // The delivery job runs in the server; the message shows up in the sink within seconds.
  await expect(async () => {
    await page.goto(`/w/${slug}/settings/notifications/sink`);
    await expect(page.getByTestId("sink-message")).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  const message = page.getByTestId("sink-message").first();
  await expect(message).toContainText("slack");
  await expect(message).toContainText(`Test message from ${workspace}`);
  await expect(message).toContainText('"type": "header"');

  await page.goto(`/w/${slug}/settings/notifications`);
  await expect(page.getByTestId("delivery-status").first()).toHaveText("delivered");
});

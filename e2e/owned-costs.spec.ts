import { expect, test } from "@playwright/test";
import { signUp } from "./helpers";

// The owned-channel costs page: sends arrive through the messages API, an admin sets the SMS fee
// per segment, and the total cost changes from nothing to the segments times the fee.

test("setting an SMS fee on the costs page changes the total cost", async ({ page }) => {
  const { slug } = await signUp(page);
  const api = `/api/v1/workspaces/${slug}/messages`;
  const campaigns = await page.request.post(`${api}/campaigns`, {
    data: { campaigns: [{ id: "flash", kind: "campaign", channel: "sms", name: "Flash sale", templates: [{ id: "t1", name: "Text" }] }] },
  });
  expect(campaigns.status()).toBeLessThan(300);
  const sentAt = new Date(Date.now() - 60 * 60 * 1000).toISOString();
  const sends = await page.request.post(`${api}/sends`, {
    data: {
      sends: [
        { id: "s1", campaign: "flash", template: "t1", sent_at: sentAt, status: "delivered", segments: 3 },
        { id: "s2", campaign: "flash", template: "t1", sent_at: sentAt, status: "delivered", segments: 1 },
        { id: "s3", campaign: "flash", template: "t1", sent_at: sentAt, status: "delivered", segments: 2, is_test: true },
      ],
    },
  });
  expect(sends.status()).toBeLessThan(300);

  await page.goto(`/w/${slug}/channels/costs`);
  const totals = page.getByTestId("cost-totals");
  // No fee yet: 2 sends that cost nothing, ROAS n/a.
  await expect(totals).toContainText("0.00");
  await expect(totals).toContainText("n/a");

  const sms = page.getByRole("group", { name: "sms" });
  await sms.getByLabel(/^Fee/).fill("-1");
  await page.getByRole("button", { name: "Save fees" }).click();
  await expect(page.getByText(/Not saved: Enter a fee of 0 or more/)).toBeVisible();

  await sms.getByLabel(/^Fee/).fill("0.0075");
  await sms.getByLabel("Charged").selectOption("segment");
  await page.getByRole("button", { name: "Save fees" }).click();
  await expect(page.getByText("Fees saved.")).toBeVisible();
  // 4 segments x 0.0075 = 0.03; the test send's 2 segments (0.015) apart.
  await expect(totals).toContainText("0.03");
  await expect(totals).toContainText("0.015");
  await expect(page.getByRole("row", { name: /sms/ }).first()).toContainText("0.0075 an SMS segment");
});

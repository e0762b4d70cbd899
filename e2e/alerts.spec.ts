import { expect, test } from "@playwright/test";
import { signUp } from "./helpers";

// An alert rule from creation to a silenced incident: a fresh workspace had no orders yesterday,
// so "orders below 1" fires as soon as it is checked; the incident states its value, baseline and
// method; snoozing and muting show on the rule.

test("a rule checked now opens an incident with its value, baseline and method, then is snoozed and muted", async ({ page }) => {
  const { slug } = await signUp(page);
  await page.goto(`/w/${slug}/alerts`);
  await expect(page.getByText("No incidents yet.")).toBeVisible();

  const editor = page.getByRole("form", { name: "New alert rule" });
  await editor.getByLabel("Name").fill("No orders yesterday");
  await editor.getByLabel("Metric").selectOption("orders");
  await editor.getByLabel("Method").selectOption("threshold");
  await editor.getByLabel("When").selectOption("below");
  await editor.getByLabel("Value").fill("1");
  // The live preview judges it before it is saved.
  await expect(page.getByTestId("rule-preview")).toContainText("Would alert now");
  await editor.getByRole("button", { name: "Create rule" }).click();
  await expect(editor.getByText("Rule created.")).toBeVisible();

  const rule = page.getByTestId("alert-rule").filter({ hasText: "No orders yesterday" });
  await expect(rule).toContainText("Active");
  await rule.getByRole("button", { name: "Check now" }).click();
  await expect(rule.getByText("Checked: it fires, and an incident is open.")).toBeVisible();

  const incident = page.getByTestId("incident").filter({ hasText: "No orders yesterday" });
  await expect(incident).toContainText("Open");
  await expect(incident.getByTestId("incident-figures")).toHaveText("Value 0 · Baseline 1");
  await expect(incident).toContainText("threshold: alert when below 1");

  await rule.getByRole("button", { name: "Snooze 24 h" }).click();
  await expect(rule).toContainText("Snoozed until");
  await rule.getByRole("button", { name: "Unmute" }).click();
  await expect(rule).toContainText("Active");
  await rule.getByRole("button", { name: "Mute" }).click();
  await expect(rule).toContainText("Muted");
  // One incident, however often it is checked.
  await rule.getByRole("button", { name: "Check now" }).click();
  await expect(rule.getByText("Checked: the open incident is updated.")).toBeVisible();
  await expect(page.getByTestId("incident")).toHaveCount(1);
});

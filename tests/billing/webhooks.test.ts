import { describe, expect, it, onTestFinished, vi } from "vitest";
import { captureLogs } from "@/lib/log";
import { applySubscription } from "@/lib/billing/apply";
import { billingOf } from "@/lib/billing/state";
import { fetchSubscription } from "@/lib/billing/sync";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { unique } from "../helpers";
import {
  billedWorkspace,
  billingRow,
  checkoutCompletedEvent,
  deliver,
  historyOf,
  invoiceEvent,
  mockStripe,
  receipt,
  signedRequest,
  subscriptionEvent,
  withBillingEnv,
} from "./support";

withBillingEnv();
const stripe = mockStripe();
const DAY_MS = 86_400_000;

describe("POST /api/webhooks/stripe: verification", () => {
  it("answers 400 naming the signature to a tampered body, another secret and a missing header, and records nothing", async () => {
    const { customer, subscription } = await billedWorkspace();
    const event = subscriptionEvent("customer.subscription.updated", { id: subscription, customer, status: "active" });

    const tampered = await deliver(signedRequest(event, undefined, JSON.stringify({ ...event, type: "invoice.paid" })));
    expect(tampered.status).toBe(400);
    expect(tampered.json).toMatchObject({ error: { code: "bad_request", fields: { "stripe-signature": expect.any(String) } } });

    expect((await deliver(signedRequest(event, "whsec_someone_else"))).status).toBe(400);

    const unsigned = new Request("http://localhost/api/webhooks/stripe", { method: "POST", body: JSON.stringify(event) });
    expect((await deliver(unsigned)).status).toBe(400);

    expect(await receipt(event.id)).toBeNull();
    expect(stripe.calls).toEqual([]);
  });

  it("acknowledges an event outside the allow-list with 200 and records nothing", async () => {
    const event = { ...subscriptionEvent("customer.subscription.updated", { id: unique("sub"), customer: unique("cus"), status: "active" }), type: "payout.paid" };
    expect(await deliver(signedRequest(event))).toEqual({ status: 200, json: { ignored: true } });
    expect(await receipt(event.id)).toBeNull();
  });

  it("answers 404 without STRIPE_SECRET_KEY, and billing reads as disabled without errors", async () => {
    vi.stubEnv("STRIPE_SECRET_KEY", "");
    const { workspace, customer, subscription } = await billedWorkspace();
    const event = subscriptionEvent("customer.subscription.updated", { id: subscription, customer, status: "active" });
    const result = await deliver(signedRequest(event));
    expect(result.status).toBe(404);
    expect(JSON.stringify(result.json)).toContain("STRIPE_SECRET_KEY");
    expect(await billingOf(workspace.id)).toEqual({ enabled: false });
    expect(await receipt(event.id)).toBeNull();
  });
});

describe("Stripe events: applied from Stripe's current state", () => {
  it("applies a replayed event once: three deliveries, one receipt, one Stripe read, one history entry", async () => {
    const { workspace, customer, subscription } = await billedWorkspace();
    stripe.set({ id: subscription, customer, status: "active" });
    const event = subscriptionEvent("customer.subscription.updated", { id: subscription, customer, status: "active" });

    const answers = [];
    for (let n = 0; n < 3; n++) answers.push(await deliver(signedRequest(event)));
    expect(answers.map((a) => a.json.duplicate)).toEqual([false, true, true]);
    expect(stripe.calls).toEqual([`GET /v1/subscriptions/${subscription}`]);
    expect(await historyOf(workspace.id)).toHaveLength(1);
    expect(await receipt(event.id)).toMatchObject({ outcome: "applied", processedAt: expect.any(Date) });
    expect(await billingRow(workspace.id)).toMatchObject({ status: "active", plan: "growth", provider: "stripe", stripeSubscriptionId: subscription });
  });

  it("keeps the newer state when created arrives after updated (each re-reads the subscription)", async () => {
    const { workspace, customer, subscription } = await billedWorkspace();
    stripe.set({ id: subscription, customer, status: "active", lookupKey: "signalboard_scale_yearly" });
    const created = subscriptionEvent("customer.subscription.created", { id: subscription, customer, status: "trialing", trialEnd: new Date(Date.now() + 14 * DAY_MS) });
    const updated = subscriptionEvent("customer.subscription.updated", { id: subscription, customer, status: "active", lookupKey: "signalboard_scale_yearly" });

    await deliver(signedRequest(updated));
    await deliver(signedRequest(created));

    const view = await billingOf(workspace.id);
    expect(view).toMatchObject({ enabled: true, status: "active", plan: { id: "scale" } });
    expect(await receipt(created.id)).toMatchObject({ outcome: "unchanged" });
  });

  it("never lets a state read earlier overwrite one read later", async () => {
    const { workspace, customer, subscription } = await billedWorkspace();
    stripe.set({ id: subscription, customer, status: "trialing" });
    const older = (await fetchSubscription(subscription))!;
    stripe.set({ id: subscription, customer, status: "active" });
    const newer = { ...(await fetchSubscription(subscription))!, readAt: new Date(older.readAt.getTime() + 1000) };

    expect(await applySubscription(workspace.id, newer)).toBe("applied");
    expect(await applySubscription(workspace.id, older)).toBe("stale");
    expect((await billingRow(workspace.id)).status).toBe("active");
  });

  it("moves a deleted subscription to Free at its period end, not before", async () => {
    const { workspace, customer, subscription } = await billedWorkspace();
    const periodEnd = new Date(Date.now() + 10 * DAY_MS);
    stripe.set({ id: subscription, customer, status: "active", periodEnd });
    await deliver(signedRequest(subscriptionEvent("customer.subscription.updated", { id: subscription, customer, status: "active", periodEnd })));
    stripe.set({ id: subscription, customer, status: "canceled", periodEnd, endedAt: new Date() });
    await deliver(signedRequest(subscriptionEvent("customer.subscription.deleted", { id: subscription, customer, status: "canceled", periodEnd })));

    expect(await billingOf(workspace.id, new Date(periodEnd.getTime() - 60_000))).toMatchObject({ status: "canceled", plan: { id: "growth" } });
    expect(await billingOf(workspace.id, new Date(periodEnd.getTime() + 60_000))).toMatchObject({ status: "free", plan: { id: "free" } });
    expect((await historyOf(workspace.id)).map((e) => e.message)).toEqual(["Growth (trialing) → Growth (active)", "Growth (active) → Growth (canceled)"]);
  });

  it("puts a failed payment past due with 7 days of full access, read-only after, and active again once paid", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const failedAt = new Date("2026-12-01T10:00:00Z");
    vi.setSystemTime(failedAt);
    const { workspace, customer, subscription } = await billedWorkspace();
    stripe.set({ id: subscription, customer, status: "past_due" });
    await deliver(signedRequest(invoiceEvent("invoice.payment_failed", { id: subscription, customer })));

    const graceEnd = new Date(failedAt.getTime() + 7 * DAY_MS);
    expect(await billingRow(workspace.id)).toMatchObject({ status: "past_due", graceEndsAt: graceEnd });

    // Stripe's retry fails again two days later: the grace period is not extended.
    vi.setSystemTime(new Date(failedAt.getTime() + 2 * DAY_MS));
    await deliver(signedRequest(invoiceEvent("invoice.payment_failed", { id: subscription, customer })));
    expect((await billingRow(workspace.id)).graceEndsAt).toEqual(graceEnd);

    expect(await billingOf(workspace.id, new Date(graceEnd.getTime() - 60_000))).toMatchObject({ status: "past_due", readOnly: false });
    expect(await billingOf(workspace.id, graceEnd)).toMatchObject({ status: "past_due", readOnly: true });

    vi.setSystemTime(new Date(graceEnd.getTime() + DAY_MS));
    stripe.set({ id: subscription, customer, status: "active" });
    await deliver(signedRequest(invoiceEvent("invoice.paid", { id: subscription, customer })));
    expect(await billingRow(workspace.id)).toMatchObject({ status: "active", graceEndsAt: null });
    expect(await billingOf(workspace.id)).toMatchObject({ readOnly: false });
  });

  it("records and ignores an event for a customer no workspace has (200, nothing changed)", async () => {
    const customer = unique("cus");
    const subscription = unique("sub");
    stripe.set({ id: subscription, customer, status: "active" });
    const logs = captureLogs();
    onTestFinished(logs.stop);
    const event = subscriptionEvent("customer.subscription.updated", { id: subscription, customer, status: "active" });
    expect((await deliver(signedRequest(event))).status).toBe(200);
    expect(await receipt(event.id)).toMatchObject({ outcome: "unknown_customer", processedAt: expect.any(Date) });
    expect(await db.workspaceBilling.count({ where: { stripeCustomerId: customer } })).toBe(0);
    expect(stripe.calls).toEqual([]);
    expect(logs.text()).toContain("no workspace");
  });

  it("links the customer of a finished Checkout to its workspace, and refuses another customer for it", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const customer = unique("cus");
    const subscription = unique("sub");
    stripe.set({ id: subscription, customer, status: "active", lookupKey: "signalboard_scale_monthly" });
    await deliver(signedRequest(checkoutCompletedEvent({ workspaceId: workspace.id, customer, subscription })));
    expect(await billingRow(workspace.id)).toMatchObject({ stripeCustomerId: customer, stripeSubscriptionId: subscription, plan: "scale", status: "active" });

    const other = checkoutCompletedEvent({ workspaceId: workspace.id, customer: unique("cus"), subscription: unique("sub") });
    await deliver(signedRequest(other));
    expect(await receipt(other.id)).toMatchObject({ outcome: "customer_mismatch" });
    expect((await billingRow(workspace.id)).stripeCustomerId).toBe(customer);

    const nowhere = checkoutCompletedEvent({ workspaceId: "no-such-workspace", customer: unique("cus"), subscription });
    await deliver(signedRequest(nowhere));
    expect(await receipt(nowhere.id)).toMatchObject({ outcome: "unknown_workspace" });
  });

  it("ignores the end of a subscription the workspace has since replaced", async () => {
    const { workspace, customer, subscription } = await billedWorkspace();
    const replaced = unique("sub");
    stripe.set({ id: subscription, customer, status: "active" });
    await deliver(signedRequest(subscriptionEvent("customer.subscription.created", { id: subscription, customer, status: "active" })));
    stripe.set({ id: replaced, customer, status: "canceled", endedAt: new Date() });
    const late = subscriptionEvent("customer.subscription.deleted", { id: replaced, customer, status: "canceled" });
    await deliver(signedRequest(late));
    expect(await receipt(late.id)).toMatchObject({ outcome: "other_subscription" });
    expect(await billingRow(workspace.id)).toMatchObject({ status: "active", stripeSubscriptionId: subscription });
  });
});

describe("Stripe calls: retries and recorded failures", () => {
  it("retries a 500 and applies the answer that follows", async () => {
    const { workspace, customer, subscription } = await billedWorkspace();
    stripe.set({ id: subscription, customer, status: "active" });
    stripe.failNext(1);
    await deliver(signedRequest(subscriptionEvent("customer.subscription.updated", { id: subscription, customer, status: "active" })));
    expect(stripe.calls).toHaveLength(2);
    expect((await billingRow(workspace.id)).status).toBe("active");
  });

  it("records a call that keeps failing on the event and in the workspace's history, and a redelivery takes it up again", async () => {
    const { workspace, customer, subscription } = await billedWorkspace();
    stripe.set({ id: subscription, customer, status: "active" });
    stripe.failNext(3);
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const event = subscriptionEvent("customer.subscription.updated", { id: subscription, customer, status: "active" });
    await deliver(signedRequest(event));
    expect(stripe.calls).toHaveLength(3);
    expect((await receipt(event.id))?.error).toMatch(/Stripe subscriptions\.retrieve failed: api_error 500/);
    expect(await historyOf(workspace.id)).toMatchObject([{ kind: "sync_failed" }]);
    expect((await billingRow(workspace.id)).status).toBe("trialing");

    const again = await deliver(signedRequest(event));
    expect(again.json).toMatchObject({ duplicate: false });
    expect(await receipt(event.id)).toMatchObject({ outcome: "applied", error: null });
    expect((await billingRow(workspace.id)).status).toBe("active");
  });
});

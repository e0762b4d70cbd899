import fs from "node:fs";
import path from "node:path";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";
import { db } from "@/lib/db/client";
import { localJobsSettled } from "@/lib/jobs/local";
import { trialBilling } from "@/lib/billing/state";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { unique } from "../helpers";

// Stripe for the billing tests: events built from the recorded fixtures (tests/fixtures/stripe)
// brought to the current API version's shapes and signed as Stripe signs them, and an msw "Stripe"
// holding subscriptions that the code under test reads back.

export const WEBHOOK_SECRET = "whsec_test_signalboard";
const API = "https://api.stripe.com/v1";
const FIXTURES = path.join(import.meta.dirname, "../fixtures/stripe");
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), "utf8")) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- recorded JSON

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const DAY_MS = 86_400_000;

/** Billing on (a test key and webhook secret) for each test of the file. */
export function withBillingEnv() {
  beforeEach(() => {
    vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_signalboard");
    vi.stubEnv("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.useRealTimers();
  });
}

export type SubscriptionState = {
  id: string;
  customer: string;
  status: Stripe.Subscription.Status;
  lookupKey?: string | null;
  periodEnd?: Date;
  trialEnd?: Date | null;
  endedAt?: Date | null;
  cancelAtPeriodEnd?: boolean;
};

/** A Subscription in the current API's shape (periods on its items), from the recorded one. */
export function subscriptionObject(state: SubscriptionState) {
  const object = structuredClone(fixture("event_customer_subscription_updated").data.object);
  const periodEnd = state.periodEnd ?? new Date(Date.now() + 30 * DAY_MS);
  for (const key of ["current_period_start", "current_period_end", "plan", "quantity", "tax_percent"]) delete object[key];
  const item = object.items.data[0];
  delete item.plan;
  Object.assign(item, { subscription: state.id, current_period_start: seconds(periodEnd) - 30 * 86_400, current_period_end: seconds(periodEnd) });
  item.price.lookup_key = state.lookupKey === undefined ? "signalboard_growth_monthly" : state.lookupKey;
  return Object.assign(object, {
    id: state.id,
    customer: state.customer,
    status: state.status,
    trial_end: state.trialEnd ? seconds(state.trialEnd) : null,
    ended_at: state.endedAt ? seconds(state.endedAt) : null,
    cancel_at_period_end: state.cancelAtPeriodEnd ?? false,
  });
}

export type MeterEventState = { eventName: string; customer: string; value: number; identifier: string; timestamp: number };

/** The meters this Stripe account has: one per event name the plan registry reports under. */
const METER_EVENT_NAMES = ["signalboard_tracked_events", "signalboard_orders"];
export const meterIdOf = (eventName: string) => `mtr_test_${eventName}`;

export type InvoiceState = { id: string; number: string | null; created: Date; total: number; currency?: string; status: Stripe.Invoice.Status };

/** An Invoice in the current API's shape, from the recorded one. */
export function invoiceObject(customer: string, state: InvoiceState) {
  const object = structuredClone(fixture("event_invoice_payment_failed").data.object);
  delete object.subscription;
  return Object.assign(object, {
    id: state.id,
    customer,
    number: state.number,
    created: seconds(state.created),
    total: state.total,
    currency: state.currency ?? "usd",
    status: state.status,
    hosted_invoice_url: `https://invoice.stripe.com/i/acct_test/${state.id}`,
    invoice_pdf: `https://pay.stripe.com/invoice/acct_test/${state.id}/pdf`,
  });
}

/** An msw Stripe for the file: subscriptions by id and by customer, its calls recorded, failures on demand. */
export function mockStripe() {
  const subscriptions = new Map<string, SubscriptionState>();
  const sessions = new Map<string, Record<string, unknown>>();
  const invoices = new Map<string, Record<string, unknown>[]>();
  /** Meter events Stripe accepted (a repeated identifier is dropped, as Stripe drops it). */
  const meterEvents: MeterEventState[] = [];
  const calls: string[] = [];
  /** Form bodies of the POSTs, as Stripe receives them. */
  const posts: { path: string; body: URLSearchParams; idempotencyKey: string | null }[] = [];
  let failNext = 0;
  let loseNext = 0;
  const server = setupServer(
    http.all(`${API}/*`, ({ request }) => {
      calls.push(`${request.method} ${new URL(request.url).pathname}`);
      if (failNext > 0) {
        failNext--;
        return HttpResponse.json({ error: { type: "api_error", message: "An unknown error occurred." } }, { status: 500 });
      }
    }),
    http.get(`${API}/subscriptions/:id`, ({ params }) => {
      const state = subscriptions.get(String(params.id));
      if (!state) return HttpResponse.json({ error: { type: "invalid_request_error", code: "resource_missing", param: "id", message: `No such subscription: '${params.id}'` } }, { status: 404 });
      return HttpResponse.json(subscriptionObject(state));
    }),
    http.post(`${API}/customers`, async ({ request }) => {
      const body = new URLSearchParams(await request.text());
      posts.push({ path: "/v1/customers", body, idempotencyKey: request.headers.get("idempotency-key") });
      return HttpResponse.json({ id: unique("cus"), object: "customer", name: body.get("name"), metadata: { workspace_id: body.get("metadata[workspace_id]") } });
    }),
    http.get(`${API}/prices`, ({ request }) => {
      const key = new URL(request.url).searchParams.get("lookup_keys[0]");
      const data = key?.startsWith("signalboard_") ? [{ id: `price_${key}`, object: "price", active: true, lookup_key: key, type: "recurring", currency: "usd" }] : [];
      return HttpResponse.json({ object: "list", url: "/v1/prices", has_more: false, data });
    }),
    http.post(`${API}/checkout/sessions`, async ({ request }) => {
      const body = new URLSearchParams(await request.text());
      posts.push({ path: "/v1/checkout/sessions", body, idempotencyKey: request.headers.get("idempotency-key") });
      const id = unique("cs_test").replace(/-/g, "_");
      const session = { id, object: "checkout.session", mode: body.get("mode"), customer: body.get("customer"), client_reference_id: body.get("client_reference_id"), subscription: null, status: "open", url: `https://checkout.stripe.com/c/pay/${id}` };
      sessions.set(id, session);
      return HttpResponse.json(session);
    }),
    http.get(`${API}/checkout/sessions/:id`, ({ params }) => {
      const session = sessions.get(String(params.id));
      if (!session) return HttpResponse.json({ error: { type: "invalid_request_error", code: "resource_missing", param: "session", message: `No such checkout.session: '${params.id}'` } }, { status: 404 });
      return HttpResponse.json(session);
    }),
    http.post(`${API}/billing_portal/sessions`, async ({ request }) => {
      const body = new URLSearchParams(await request.text());
      posts.push({ path: "/v1/billing_portal/sessions", body, idempotencyKey: request.headers.get("idempotency-key") });
      return HttpResponse.json({ id: unique("bps"), object: "billing_portal.session", customer: body.get("customer"), return_url: body.get("return_url"), url: `https://billing.stripe.com/p/session/${unique("test")}` });
    }),
    http.post(`${API}/billing/meter_events`, async ({ request }) => {
      const body = new URLSearchParams(await request.text());
      posts.push({ path: "/v1/billing/meter_events", body, idempotencyKey: request.headers.get("idempotency-key") });
      const event = {
        eventName: body.get("event_name")!,
        customer: body.get("payload[stripe_customer_id]")!,
        value: Number(body.get("payload[value]")),
        identifier: body.get("identifier")!,
        timestamp: Number(body.get("timestamp")),
      };
      if (!meterEvents.some((e) => e.identifier === event.identifier)) meterEvents.push(event);
      if (loseNext > 0) {
        loseNext--;
        return HttpResponse.json({ error: { type: "api_error", message: "An unknown error occurred." } }, { status: 500 });
      }
      return HttpResponse.json({
        object: "billing.meter_event", created: seconds(new Date()), event_name: event.eventName, identifier: event.identifier, livemode: false,
        payload: { stripe_customer_id: event.customer, value: String(event.value) }, timestamp: event.timestamp,
      });
    }),
    http.get(`${API}/billing/meters`, () =>
      HttpResponse.json({
        object: "list", url: "/v1/billing/meters", has_more: false,
        data: METER_EVENT_NAMES.map((name) => ({
          id: meterIdOf(name), object: "billing.meter", event_name: name, status: "active", display_name: name, livemode: false,
          customer_mapping: { event_payload_key: "stripe_customer_id", type: "by_id" }, default_aggregation: { formula: "sum" }, value_settings: { event_payload_key: "value" },
        })),
      }),
    ),
    http.get(`${API}/billing/meters/:id/event_summaries`, ({ params, request }) => {
      const query = new URL(request.url).searchParams;
      const [customer, start, end] = [query.get("customer"), Number(query.get("start_time")), Number(query.get("end_time"))];
      const name = METER_EVENT_NAMES.find((n) => meterIdOf(n) === params.id);
      const value = meterEvents.filter((e) => e.eventName === name && e.customer === customer && e.timestamp >= start && e.timestamp < end).reduce((sum, e) => sum + e.value, 0);
      return HttpResponse.json({
        object: "list", url: `/v1/billing/meters/${params.id}/event_summaries`, has_more: false,
        data: [{ id: unique("mtrusg_test"), object: "billing.meter_event_summary", aggregated_value: value, start_time: start, end_time: end, livemode: false, meter: params.id }],
      });
    }),
    http.get(`${API}/invoices`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      const data = (invoices.get(query.get("customer") ?? "") ?? []).slice(0, Number(query.get("limit") ?? 10));
      return HttpResponse.json({ object: "list", url: "/v1/invoices", has_more: false, data });
    }),
    http.get(`${API}/subscriptions`, ({ request }) => {
      const customer = new URL(request.url).searchParams.get("customer");
      const data = [...subscriptions.values()].filter((s) => s.customer === customer).reverse().slice(0, 1).map(subscriptionObject);
      return HttpResponse.json({ object: "list", url: "/v1/subscriptions", has_more: false, data });
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    subscriptions.clear();
    sessions.clear();
    invoices.clear();
    meterEvents.length = 0;
    calls.length = 0;
    posts.length = 0;
    failNext = 0;
    loseNext = 0;
  });
  afterAll(() => server.close());
  return {
    /** What Stripe holds for a subscription from now on. */
    // Stripe's period end stays put between reads.
    set: (state: SubscriptionState) => void subscriptions.set(state.id, { periodEnd: new Date(Date.now() + 30 * DAY_MS), ...state }),
    calls,
    posts,
    /** Completes a Checkout Session as Stripe does once paid: it gains a subscription. */
    complete: (sessionId: string, subscription: SubscriptionState) => {
      sessions.set(sessionId, { ...sessions.get(sessionId), status: "complete", customer: subscription.customer, subscription: subscription.id });
      subscriptions.set(subscription.id, { periodEnd: new Date(Date.now() + 30 * DAY_MS), ...subscription });
    },
    /** The customer's invoices, newest first, as GET /v1/invoices lists them. */
    invoices: (customer: string, list: InvoiceState[]) => void invoices.set(customer, list.map((i) => invoiceObject(customer, i))),
    /** The meter events Stripe has counted. */
    meterEvents,
    /** The next `n` requests answer 500. */
    failNext: (n: number) => void (failNext = n),
    /** The next `n` meter events are counted, but their answers are 500s. */
    loseNextMeterAnswers: (n: number) => void (loseNext = n),
  };
}

function envelope(fixtureName: string, type: string, object: object) {
  const event = structuredClone(fixture(fixtureName));
  return Object.assign(event, { id: unique("evt"), type, api_version: "2026-10-28.endive", created: seconds(new Date()), data: { object } });
}

export const subscriptionEvent = (type: `customer.subscription.${string}`, state: SubscriptionState) =>
  envelope("event_customer_subscription_updated", type, subscriptionObject(state));

/** An invoice event; since API 2025-03 an invoice names its subscription under parent. */
export function invoiceEvent(type: "invoice.paid" | "invoice.payment_failed", subscription: { id: string; customer: string }) {
  const invoice = structuredClone(fixture("event_invoice_payment_failed").data.object);
  delete invoice.subscription;
  Object.assign(invoice, {
    customer: subscription.customer,
    parent: { type: "subscription_details", quote_details: null, subscription_details: { subscription: subscription.id, metadata: {} } },
  });
  return envelope("event_invoice_payment_failed", type, invoice);
}

export function checkoutCompletedEvent(session: { workspaceId: string; customer: string; subscription: string }) {
  const object = structuredClone(fixture("event_checkout_session_completed").data.object);
  Object.assign(object, {
    mode: "subscription",
    customer: session.customer,
    subscription: session.subscription,
    client_reference_id: session.workspaceId,
    metadata: { workspace_id: session.workspaceId },
  });
  return envelope("event_checkout_session_completed", "checkout.session.completed", object);
}

/** A delivery signed the way Stripe signs one (or with another secret). */
export function signedRequest(event: object, secret = WEBHOOK_SECRET, body = JSON.stringify(event)): Request {
  const header = Stripe.webhooks.generateTestHeaderString({ payload: JSON.stringify(event), secret });
  return new Request("http://localhost/api/webhooks/stripe", { method: "POST", headers: { "content-type": "application/json", "stripe-signature": header }, body });
}

/** Posts to the webhook and waits for the job it queued. */
export async function deliver(request: Request) {
  const response = await POST(request);
  await localJobsSettled();
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A workspace whose billing row names a Stripe customer (as a finished Checkout leaves it). */
export async function billedWorkspace() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const created = await db.workspace.findUniqueOrThrow({ where: { id: workspace.id }, select: { createdAt: true } });
  const customer = unique("cus");
  await db.workspaceBilling.create({ data: { workspaceId: workspace.id, ...trialBilling(created.createdAt), stripeCustomerId: customer } });
  return { workspace, customer, subscription: unique("sub") };
}

export const billingRow = (workspaceId: string) => db.workspaceBilling.findUniqueOrThrow({ where: { workspaceId } });
export const historyOf = (workspaceId: string) => db.billingEvent.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
export const receipt = (id: string) => db.stripeEventReceipt.findUnique({ where: { id } });

/** A workspace subscribed to a metered plan (Scale) through Stripe. */
export async function meteredWorkspace(plan: "scale" | "growth" = "scale") {
  const billed = await billedWorkspace();
  await db.workspaceBilling.update({ where: { workspaceId: billed.workspace.id }, data: { provider: "stripe", plan, status: "active", stripeSubscriptionId: billed.subscription, trialEndsAt: null } });
  return billed;
}

/** Tracked events stored at the given times. */
export async function trackedEventsAt(workspaceId: string, receivedAt: Date[]) {
  await db.trackedEvent.createMany({
    data: receivedAt.map((at) => ({ workspaceId, messageId: unique("m"), event: "page_view", occurredAt: at, receivedAt: at, anonymousId: "v", properties: {}, context: {}, source: "browser" })),
  });
}

export const meterRow = (workspaceId: string, metric: string, month: string) =>
  db.billingMeterReport.findUnique({ where: { workspaceId_metric_month: { workspaceId, metric, month: new Date(`${month}T00:00:00Z`) } } });

// A stand-in for Stripe's API for the billing end-to-end test: the few endpoints Checkout and its
// return use, answering in Stripe's documented shapes (form-encoded requests, JSON answers), and a
// hosted Checkout page that completes the session and sends the browser back to success_url as
// Stripe does. The app reaches it through STRIPE_API_BASE. `GET /__checkout_sessions` shows the
// test what the app asked for (and the subscription each sold); `POST /__subscriptions/{id}` changes a
// subscription as the Customer Portal or a failed renewal would and delivers the event Stripe sends
// for it, signed with the webhook secret, to the app (argv: port, the app's URL, the secret).
import crypto from "node:crypto";
import http from "node:http";

const port = Number(process.argv[2] ?? 3471);
const appUrl = process.argv[3] ?? "http://localhost:3100";
const webhookSecret = process.argv[4] ?? "whsec_e2e";
const base = `http://localhost:${port}`;
const id = (prefix: string) => `${prefix}_${crypto.randomBytes(12).toString("hex")}`;
const now = () => Math.floor(Date.now() / 1000);

type Session = { id: string; params: Record<string, string>; customer: string; subscription: string | null; status: "open" | "complete" };
const sessions = new Map<string, Session>();
type Subscription = { id: string; customer: string; lookupKey: string; status: string; cancelAtPeriodEnd: boolean; periodEnd: number; endedAt: number | null };
const subscriptions = new Map<string, Subscription>();

function sessionObject(s: Session) {
  return {
    id: s.id, object: "checkout.session", mode: s.params.mode, customer: s.customer, subscription: s.subscription, status: s.status,
    client_reference_id: s.params.client_reference_id ?? null, metadata: { workspace_id: s.params["metadata[workspace_id]"] ?? null },
    success_url: s.params.success_url, cancel_url: s.params.cancel_url, url: `${base}/c/pay/${s.id}`,
  };
}

function subscriptionObject(sub: Subscription) {
  return {
    id: sub.id, object: "subscription", customer: sub.customer, status: sub.status, cancel_at_period_end: sub.cancelAtPeriodEnd, trial_end: null, ended_at: sub.endedAt, metadata: {},
    items: { object: "list", has_more: false, data: [{ id: id("si"), object: "subscription_item", current_period_start: sub.periodEnd - 30 * 86_400, current_period_end: sub.periodEnd, price: { id: `price_${sub.lookupKey}`, object: "price", lookup_key: sub.lookupKey, currency: "usd", type: "recurring" } }] },
  };
}

/** Delivers an event about `sub` to the app's webhook, signed as Stripe signs: HMAC-SHA256 of "{t}.{body}". */
async function deliver(type: string, sub: Subscription): Promise<number> {
  const body = JSON.stringify({ id: id("evt"), object: "event", type, api_version: "2026-10-28.endive", created: now(), livemode: false, data: { object: subscriptionObject(sub) } });
  const t = now();
  const signature = crypto.createHmac("sha256", webhookSecret).update(`${t}.${body}`).digest("hex");
  const response = await fetch(`${appUrl}/api/webhooks/stripe`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": `t=${t},v1=${signature}` }, body });
  return response.status;
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};
const missing = (res: http.ServerResponse, what: string) => json(res, 404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such ${what}` } });

async function bodyOf(req: http.IncomingMessage): Promise<Record<string, string>> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return Object.fromEntries(new URLSearchParams(text));
}

http
  .createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", base);
    const path = url.pathname;
    if (req.method === "GET" && path === "/__checkout_sessions") return json(res, 200, [...sessions.values()].map((s) => ({ id: s.id, params: s.params, subscription: s.subscription })));
    const change = path.match(/^\/__subscriptions\/([\w]+)$/);
    if (req.method === "POST" && change) {
      // { status?, cancel_at_period_end?, period_ended?: true (the period is over: deleted at its end) }
      const subscription = subscriptions.get(change[1]!);
      if (!subscription) return missing(res, "subscription");
      let text = "";
      for await (const chunk of req) text += chunk;
      const wanted = JSON.parse(text || "{}") as { status?: string; cancel_at_period_end?: boolean; period_ended?: boolean };
      if (wanted.status) subscription.status = wanted.status;
      if (wanted.cancel_at_period_end !== undefined) subscription.cancelAtPeriodEnd = wanted.cancel_at_period_end;
      if (wanted.period_ended) Object.assign(subscription, { status: "canceled", periodEnd: now() - 1, endedAt: now() });
      const type = subscription.status === "canceled" ? "customer.subscription.deleted" : "customer.subscription.updated";
      return json(res, 200, { delivered: type, status: await deliver(type, subscription) });
    }
    if (req.method === "POST" && path === "/v1/customers") return json(res, 200, { id: id("cus"), object: "customer", ...(await bodyOf(req)) });
    if (req.method === "GET" && path === "/v1/prices") {
      const key = url.searchParams.get("lookup_keys[0]") ?? "";
      return json(res, 200, { object: "list", has_more: false, url: "/v1/prices", data: key ? [{ id: `price_${key}`, object: "price", active: true, lookup_key: key, currency: "usd", type: "recurring" }] : [] });
    }
    if (req.method === "POST" && path === "/v1/checkout/sessions") {
      const params = await bodyOf(req);
      const session: Session = { id: id("cs_test"), params, customer: params.customer!, subscription: null, status: "open" };
      sessions.set(session.id, session);
      return json(res, 200, sessionObject(session));
    }
    const sessionPath = path.match(/^\/v1\/checkout\/sessions\/([\w]+)$/);
    if (req.method === "GET" && sessionPath) {
      const session = sessions.get(sessionPath[1]!);
      return session ? json(res, 200, sessionObject(session)) : missing(res, "checkout.session");
    }
    const pay = path.match(/^\/c\/pay\/([\w]+)$/);
    if (req.method === "GET" && pay) {
      // The hosted page, paid at once: the session gains an active subscription to the Price it sold.
      const session = sessions.get(pay[1]!);
      if (!session) return missing(res, "checkout.session");
      const lookupKey = (session.params["line_items[0][price]"] ?? "").replace(/^price_/, "");
      const subscription: Subscription = { id: id("sub"), customer: session.customer, lookupKey, status: "active", cancelAtPeriodEnd: false, periodEnd: now() + 30 * 86_400, endedAt: null };
      subscriptions.set(subscription.id, subscription);
      Object.assign(session, { status: "complete", subscription: subscription.id });
      res.writeHead(303, { location: session.params.success_url!.replace("{CHECKOUT_SESSION_ID}", session.id) });
      return res.end();
    }
    const subscriptionPath = path.match(/^\/v1\/subscriptions\/([\w]+)$/);
    if (req.method === "GET" && subscriptionPath) {
      const subscription = subscriptions.get(subscriptionPath[1]!);
      return subscription ? json(res, 200, subscriptionObject(subscription)) : missing(res, "subscription");
    }
    if (req.method === "GET" && path === "/v1/invoices") return json(res, 200, { object: "list", has_more: false, url: "/v1/invoices", data: [] });
    if (req.method === "GET" && path === "/health") return json(res, 200, { ok: true });
    return json(res, 404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${path})` } });
  })
  .listen(port, () => console.log(`stripe stand-in on ${base}`));

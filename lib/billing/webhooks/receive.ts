import { NextResponse } from "next/server";
import { readRawBody } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { stripeConfig } from "../config";
import { stripeWebhooks, type Stripe } from "../stripe";
import { isHandledEvent, referencesOf } from "./events";
import { processStripeEventJob } from "./job";
import { markStripeEventFailed, recordStripeEvent } from "./receipts";

// POST /api/webhooks/stripe: verify the signature on the raw body, allow-list, record the event id
// once, queue its processing and answer at once (Stripe waits a few seconds and retries on failure).

/** Stripe's events are a few kilobytes; this leaves room without reading anything unbounded. */
export const MAX_STRIPE_EVENT_BYTES = 512 * 1024;

const ok = (body: unknown) => NextResponse.json(body, { status: 200, headers: { "Cache-Control": "no-store" } });

export async function receiveStripeWebhook(request: Request): Promise<Response> {
  const config = stripeConfig();
  if (!config) throw new AppError("not_found", "Billing is not enabled on this installation (STRIPE_SECRET_KEY is not set).");
  if (!config.webhookSecret) throw new AppError("not_found", "Stripe webhooks are not accepted: STRIPE_WEBHOOK_SECRET is not set.");

  const raw = await readRawBody(request, MAX_STRIPE_EVENT_BYTES);
  const signature = request.headers.get("stripe-signature");
  if (!signature) throw AppError.field("stripe-signature", "The Stripe-Signature header is missing.");
  let event: Stripe.Event;
  try {
    event = stripeWebhooks().constructEvent(raw, signature, config.webhookSecret);
  } catch {
    throw AppError.field("stripe-signature", "The Stripe-Signature header does not match the body (or is older than five minutes).");
  }
  if (!isHandledEvent(event.type)) return ok({ ignored: true });

  const references = referencesOf(event);
  const queued = await recordStripeEvent({ id: event.id, type: event.type, createdAt: new Date(event.created * 1000), ...references });
  if (queued) {
    try {
      await enqueue(processStripeEventJob, { eventId: event.id, customerKey: references.customerId ?? event.id });
    } catch (error) {
      // Not handed over: marked failed, so Stripe's retry of this delivery queues it again.
      await markStripeEventFailed(event.id, error).catch(() => {});
      throw error;
    }
  }
  return ok({ received: true, duplicate: !queued });
}

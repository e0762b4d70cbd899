import Stripe from "stripe";
import { AppError } from "@/lib/errors";
import { stripeConfig } from "./config";

// The one Stripe client. Its own retries are used rather than lib/connectors/common's: they follow
// Stripe's Stripe-Should-Retry header, retry connection failures, 409s and 5xx with exponential
// backoff and jitter, and give every retried POST an idempotency key, which a generic client cannot
// know to do. What a call that still fails means is recorded by its caller (lib/billing/sync.ts).

/** Per attempt: Stripe answers reads in well under a second; a webhook's job can wait this long. */
export const STRIPE_TIMEOUT_MS = 10_000;
/** Retries after the first attempt (backoff 0.5 s, 1 s, then capped by the library at 5 s). */
export const STRIPE_RETRIES = 2;

let cached: { key: string; base: string; client: Stripe } | null = null;

/** The client for the configured key; throws when billing is disabled (callers check first). */
export function stripeClient(): Stripe {
  const config = stripeConfig();
  if (!config) throw new AppError("not_found", "Billing is not enabled on this installation (STRIPE_SECRET_KEY is not set).");
  if (cached?.key !== config.secretKey || cached.base !== JSON.stringify(config.apiBase)) {
    cached = {
      key: config.secretKey,
      base: JSON.stringify(config.apiBase),
      client: new Stripe(config.secretKey, {
        timeout: STRIPE_TIMEOUT_MS,
        maxNetworkRetries: STRIPE_RETRIES,
        // fetch runs the same in Node and the Next.js runtime.
        httpClient: Stripe.createFetchHttpClient(),
        appInfo: { name: "Signalboard" },
        ...(config.apiBase ?? {}),
      }),
    };
  }
  return cached.client;
}

/** A verifier that needs no key: webhooks are checked before anything else is known. */
export const stripeWebhooks = () => Stripe.webhooks;

export type { Stripe };

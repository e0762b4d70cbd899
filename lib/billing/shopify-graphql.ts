import type { ShopifyClient } from "@/lib/connectors/shopify/client";
import { AppError } from "@/lib/errors";
import type { BillingInterval } from "./plans";

// Shopify's Billing API as the app calls it: appSubscriptionCreate (the merchant approves the
// charge on Shopify's confirmation page) and the installation's active subscriptions, which are
// read again whenever anything may have changed rather than trusting a webhook's order. A change
// of plan replaces the current subscription once approved, by Shopify's STANDARD rule (an annual
// plan's downgrade waits for its next cycle).

export const APP_SUBSCRIPTION_CREATE = `mutation AppSubscriptionCreate($name: String!, $lineItems: [AppSubscriptionLineItemInput!]!, $returnUrl: URL!, $test: Boolean, $trialDays: Int) {
  appSubscriptionCreate(name: $name, lineItems: $lineItems, returnUrl: $returnUrl, test: $test, trialDays: $trialDays) {
    userErrors { field message }
    appSubscription { id status }
    confirmationUrl
  }
}`;

export const ACTIVE_SUBSCRIPTIONS = `query ActiveSubscriptions {
  currentAppInstallation {
    activeSubscriptions { id name status test trialDays createdAt currentPeriodEnd }
  }
}`;

/** Shopify's AppPricingInterval for each of our billing intervals. */
export const SHOPIFY_INTERVALS: Readonly<Record<BillingInterval, "EVERY_30_DAYS" | "ANNUAL">> = { monthly: "EVERY_30_DAYS", yearly: "ANNUAL" };

export type SubscriptionRequest = {
  name: string;
  /** US cents per interval. */
  priceCents: number;
  interval: BillingInterval;
  returnUrl: string;
  test: boolean;
  trialDays: number;
};

export type ActiveSubscription = { id: string; name: string; status: string; test: boolean; trialDays: number; createdAt: string; currentPeriodEnd: string | null };

/** Cents as Shopify's Decimal: 4900 -> "49.00". */
export const decimalOfCents = (cents: number) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

type CreatePayload = { userErrors: { field: string[] | null; message: string }[]; appSubscription: { id: string; status: string } | null; confirmationUrl: string | null };

/** Creates the subscription; the URL of Shopify's page where the merchant approves it. */
export async function createAppSubscription(client: ShopifyClient, request: SubscriptionRequest): Promise<{ id: string; confirmationUrl: string }> {
  const { data } = await client.graphql<{ appSubscriptionCreate: CreatePayload | null }>(APP_SUBSCRIPTION_CREATE, {
    name: request.name,
    returnUrl: request.returnUrl,
    test: request.test,
    trialDays: request.trialDays,
    lineItems: [{ plan: { appRecurringPricingDetails: { price: { amount: decimalOfCents(request.priceCents), currencyCode: "USD" }, interval: SHOPIFY_INTERVALS[request.interval] } } }],
  });
  const payload = data.appSubscriptionCreate;
  const errors = payload?.userErrors ?? [];
  if (errors.length > 0 || !payload?.confirmationUrl || !payload.appSubscription) {
    const said = errors.map((e) => e.message).join("; ") || "no confirmation page was returned";
    throw new AppError("conflict", `Shopify refused the subscription: ${said}.`);
  }
  return { id: payload.appSubscription.id, confirmationUrl: payload.confirmationUrl };
}

export async function activeSubscriptions(client: ShopifyClient): Promise<ActiveSubscription[]> {
  const { data } = await client.graphql<{ currentAppInstallation: { activeSubscriptions: ActiveSubscription[] } | null }>(ACTIVE_SUBSCRIPTIONS);
  return data.currentAppInstallation?.activeSubscriptions ?? [];
}

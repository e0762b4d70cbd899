// Billing is on when STRIPE_SECRET_KEY is set. A self-hosted install without it has no billing:
// no plans, no limits, no trial, and no errors; the Stripe webhook answers 404.

export type StripeConfig = {
  secretKey: string;
  webhookSecret: string | null;
  /** STRIPE_API_BASE: another address for Stripe's API, for a stand-in Stripe in end-to-end tests. */
  apiBase: { protocol: "http" | "https"; host: string; port: number } | null;
};

function apiBaseOf(value: string | undefined): StripeConfig["apiBase"] {
  if (!value?.trim()) return null;
  const url = new URL(value.trim());
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { protocol, host: url.hostname, port: Number(url.port) || (protocol === "http" ? 80 : 443) };
}

export function stripeConfig(): StripeConfig | null {
  const secretKey = process.env.STRIPE_SECRET_KEY?.trim();
  if (!secretKey) return null;
  return { secretKey, webhookSecret: process.env.STRIPE_WEBHOOK_SECRET?.trim() || null, apiBase: apiBaseOf(process.env.STRIPE_API_BASE) };
}

export const billingEnabled = (): boolean => stripeConfig() !== null;

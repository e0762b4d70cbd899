// Billing is on when STRIPE_SECRET_KEY is set. A self-hosted install without it has no billing:
// no plans, no limits, no trial, and no errors; the Stripe webhook answers 404.

export type StripeConfig = { secretKey: string; webhookSecret: string | null };

export function stripeConfig(): StripeConfig | null {
  const secretKey = process.env.STRIPE_SECRET_KEY?.trim();
  if (!secretKey) return null;
  return { secretKey, webhookSecret: process.env.STRIPE_WEBHOOK_SECRET?.trim() || null };
}

export const billingEnabled = (): boolean => stripeConfig() !== null;

import { errorResponse } from "@/lib/api/respond";
import { receiveStripeWebhook } from "@/lib/billing/webhooks/receive";

export const dynamic = "force-dynamic";

/** Stripe webhooks: verified, recorded once per event id and queued in lib/billing/webhooks/receive.ts. */
export async function POST(request: Request): Promise<Response> {
  try {
    return await receiveStripeWebhook(request);
  } catch (error) {
    // A 5xx makes Stripe retry the delivery later.
    return errorResponse(error);
  }
}

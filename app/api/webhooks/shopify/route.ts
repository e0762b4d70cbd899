import { errorResponse } from "@/lib/api/respond";
import { receiveShopifyWebhook } from "@/lib/stores/webhooks/receive";

export const dynamic = "force-dynamic";

/** Shopify webhooks: verified, recorded and queued in lib/stores/webhooks/receive.ts. */
export async function POST(request: Request): Promise<Response> {
  try {
    return await receiveShopifyWebhook(request);
  } catch (error) {
    // A 5xx makes Shopify retry the delivery later.
    return errorResponse(error);
  }
}

import { errorResponse } from "@/lib/api/respond";
import { receiveStoreWebhook } from "@/lib/stores/webhooks/store-receive";

export const dynamic = "force-dynamic";

/** WooCommerce deliveries to the webhooks each connection created in its store: lib/stores/webhooks/store-receive.ts. */
export async function POST(request: Request): Promise<Response> {
  try {
    return await receiveStoreWebhook(request, "woocommerce");
  } catch (error) {
    // A 5xx makes WooCommerce count a failed delivery and try later.
    return errorResponse(error);
  }
}

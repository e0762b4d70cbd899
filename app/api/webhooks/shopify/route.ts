import { errorResponse } from "@/lib/api/respond";
import { webhookHeaders } from "@/lib/connectors/shopify/webhooks/verify";
import { markShopUninstalled } from "@/lib/embedded/uninstall";
import { receiveShopifyWebhook } from "@/lib/stores/webhooks/receive";

export const dynamic = "force-dynamic";

/** Shopify webhooks: verified, recorded and queued in lib/stores/webhooks/receive.ts. */
export async function POST(request: Request): Promise<Response> {
  try {
    const response = await receiveShopifyWebhook(request);
    // An allow-listed topic is answered 200 only once its signature has been verified.
    const { topic, shopDomain } = webhookHeaders(request.headers);
    if (response.status === 200 && topic === "app/uninstalled" && shopDomain) await markShopUninstalled(shopDomain);
    return response;
  } catch (error) {
    // A 5xx makes Shopify retry the delivery later.
    return errorResponse(error);
  }
}

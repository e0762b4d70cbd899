import { completeShopifyConnect } from "@/lib/connections/oauth/shopify-callback";

export const dynamic = "force-dynamic";

/** Shopify's OAuth redirect back to us: verified, exchanged and stored in lib/connectors/shopify/oauth. */
export async function GET(request: Request): Promise<Response> {
  return completeShopifyConnect(request);
}

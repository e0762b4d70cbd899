import { completeWooAuth } from "@/lib/connections/oauth/woocommerce-auth";

export const dynamic = "force-dynamic";

/** Where a WooCommerce store POSTs the key pair its admin approved: lib/connections/oauth/woocommerce-auth.ts. */
export const POST = (request: Request) => completeWooAuth(request);

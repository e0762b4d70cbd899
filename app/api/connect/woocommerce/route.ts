import { beginWooAuth } from "@/lib/connections/oauth/woocommerce-auth";

export const dynamic = "force-dynamic";

/** Begins WooCommerce's application authentication: lib/connections/oauth/woocommerce-auth.ts. */
export const GET = (request: Request) => beginWooAuth(request);

import { NextResponse } from "next/server";
import { confirmShopifyBilling } from "@/lib/embedded/billing";
import { embeddedRoute } from "@/lib/embedded/guard";

export const dynamic = "force-dynamic";

/** The way back from Shopify's confirmation page: re-reads the shop's subscriptions and applies them. */
export const POST = embeddedRoute(async (_request, context) => NextResponse.json(await confirmShopifyBilling(context), { headers: { "Cache-Control": "no-store" } }));

import { NextResponse } from "next/server";
import { embeddedRoute } from "@/lib/embedded/guard";
import { embeddedOrder } from "@/lib/embedded/orders";

export const dynamic = "force-dynamic";

/** One of the shop's orders, by its Shopify id (number or GraphQL id). Session token only. */
export const GET = embeddedRoute(async (_request, context, params) =>
  NextResponse.json(await embeddedOrder(context, decodeURIComponent(params.id ?? "")), { headers: { "Cache-Control": "no-store" } }),
);

import { NextResponse } from "next/server";
import { embeddedCustomer } from "@/lib/embedded/customers";
import { embeddedRoute } from "@/lib/embedded/guard";

export const dynamic = "force-dynamic";

/** One of the shop's customers, by their Shopify id (number or GraphQL id), as Signalboard's profile. Session token only. */
export const GET = embeddedRoute(async (_request, context, params) =>
  NextResponse.json(await embeddedCustomer(context, decodeURIComponent(params.id ?? "")), { headers: { "Cache-Control": "no-store" } }),
);

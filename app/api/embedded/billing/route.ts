import { NextResponse } from "next/server";
import { embeddedBilling } from "@/lib/embedded/billing";
import { embeddedRoute } from "@/lib/embedded/guard";

export const dynamic = "force-dynamic";

/** Which provider bills the shop's workspace, its plan, and the plans Shopify can bill. Session token only. */
export const GET = embeddedRoute(async (_request, context) => NextResponse.json(await embeddedBilling(context), { headers: { "Cache-Control": "no-store" } }));

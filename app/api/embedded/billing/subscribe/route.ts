import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { subscribeThroughShopify } from "@/lib/embedded/billing";
import { embeddedRoute } from "@/lib/embedded/guard";

export const dynamic = "force-dynamic";

/** POST { plan, interval }: an app subscription through Shopify; answers the confirmation page's URL. Owners. */
export const POST = embeddedRoute(async (request, context) => {
  const body = (await readJson(request)) as Record<string, unknown> | null;
  const input = body && typeof body === "object" && !Array.isArray(body) ? body : {};
  return NextResponse.json(await subscribeThroughShopify(context, { plan: input.plan, interval: input.interval }), { headers: { "Cache-Control": "no-store" } });
});

import { NextResponse } from "next/server";
import { embeddedRoute } from "@/lib/embedded/guard";
import { activateWebPixel, webPixelStatus } from "@/lib/embedded/pixel";

export const dynamic = "force-dynamic";

const noStore = { headers: { "Cache-Control": "no-store" } };

/** Whether the shop's web pixel is on, with the key it sends events with. Session token only. */
export const GET = embeddedRoute(async (_request, context) => NextResponse.json(await webPixelStatus(context), noStore));

/** Turns the web pixel on (creates or updates it with the shop's write key). Admins and owners. */
export const POST = embeddedRoute(async (_request, context) => NextResponse.json(await activateWebPixel(context), noStore));

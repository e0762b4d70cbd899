import { NextResponse } from "next/server";
import { embeddedConnections } from "@/lib/embedded/connections";
import { embeddedRoute } from "@/lib/embedded/guard";

export const dynamic = "force-dynamic";

/** Every connection of the shop's workspace with its sync, and the platforms an admin can connect. Session token only. */
export const GET = embeddedRoute(async (_request, context) =>
  NextResponse.json(await embeddedConnections(context), { headers: { "Cache-Control": "no-store" } }),
);

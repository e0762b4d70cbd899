import { NextResponse } from "next/server";
import { embeddedRoute } from "@/lib/embedded/guard";
import { embeddedConnection } from "@/lib/embedded/home";

export const dynamic = "force-dynamic";

/** One connection of the shop's workspace, with its sync in progress. Session token only. */
export const GET = embeddedRoute(async (_request, context, params) =>
  NextResponse.json(await embeddedConnection(context, params.id ?? ""), { headers: { "Cache-Control": "no-store" } }),
);

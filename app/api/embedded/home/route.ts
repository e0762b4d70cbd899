import { NextResponse } from "next/server";
import { embeddedRoute } from "@/lib/embedded/guard";
import { embeddedHome } from "@/lib/embedded/home";

export const dynamic = "force-dynamic";

/** The embedded home's data: the shop's workspace and its store's sync. Session token only. */
export const GET = embeddedRoute(async (_request, context) =>
  NextResponse.json(await embeddedHome(context), { headers: { "Cache-Control": "no-store" } }),
);

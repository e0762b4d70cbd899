import { NextResponse } from "next/server";
import { embeddedRoute } from "@/lib/embedded/guard";
import { embeddedSettings } from "@/lib/embedded/settings";

export const dynamic = "force-dynamic";

/** The shop's zone and currency, the workspace's attribution and metric settings, its members. Session token only. */
export const GET = embeddedRoute(async (_request, context) =>
  NextResponse.json(await embeddedSettings(context), { headers: { "Cache-Control": "no-store" } }),
);

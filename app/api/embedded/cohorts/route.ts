import { NextResponse } from "next/server";
import { embeddedCohorts } from "@/lib/embedded/cohorts";
import { embeddedRoute } from "@/lib/embedded/guard";

export const dynamic = "force-dynamic";

/** The workspace's cohort report (the standalone report's query parameters). Session token only. */
export const GET = embeddedRoute(async (request, context) =>
  NextResponse.json(await embeddedCohorts(context, request.nextUrl.searchParams), { headers: { "Cache-Control": "no-store" } }),
);

import { NextResponse } from "next/server";
import { embeddedDashboard } from "@/lib/embedded/dashboards";
import { embeddedRoute } from "@/lib/embedded/guard";

export const dynamic = "force-dynamic";

/**
 * A dashboard of the shop's workspace with every widget's report: `dashboard` (an id; default:
 * the workspace's default, Overview), `range`, `from`, `to`, `compare` as on the standalone
 * dashboards; `widgets=kpi` for the KPI cards alone (the home). Session token only.
 */
export const GET = embeddedRoute(async (request, context) =>
  NextResponse.json(await embeddedDashboard(context, request.nextUrl.searchParams), { headers: { "Cache-Control": "no-store" } }),
);

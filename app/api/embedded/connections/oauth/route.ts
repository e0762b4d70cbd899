import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { startEmbeddedConnect } from "@/lib/embedded/connections";
import { embeddedRoute } from "@/lib/embedded/guard";

export const dynamic = "force-dynamic";

/** POST { provider } or { connection }: the URL the app opens in a new window to connect or reconnect. Admins only. */
export const POST = embeddedRoute(async (request, context) =>
  NextResponse.json(await startEmbeddedConnect(context, await readJson(request)), { headers: { "Cache-Control": "no-store" } }),
);

import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth(db);
  return NextResponse.json(health, { status: health.database.status === "up" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}

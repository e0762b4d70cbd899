import { NextResponse } from "next/server";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";

// Public on purpose: it describes the API, not any workspace's data.
export const dynamic = "force-static";

export function GET() {
  return NextResponse.json(buildOpenApiDocument(), { headers: { "Access-Control-Allow-Origin": "*" } });
}

import type { NextRequest } from "next/server";
import { snippetResponse } from "@/lib/tracking/snippet/serve";

// The browser snippet stores paste a loader for (lib/tracking/snippet/loader.ts). Public: it is
// the same script for everyone; the write key travels in the loader, not here.
export const dynamic = "force-dynamic";

export function GET(request: NextRequest) {
  return snippetResponse(request.headers.get("if-none-match"));
}

import type { NextRequest } from "next/server";
import { POPUPS_SOURCE, snippetResponse } from "@/lib/tracking/snippet/serve";

// The on-site messages' script, which /sb.js loads on pages with eligible pop-ups. Public and
// the same for everyone, cached like /sb.js.
export const dynamic = "force-dynamic";

export function GET(request: NextRequest) {
  return snippetResponse(request.headers.get("if-none-match"), POPUPS_SOURCE);
}

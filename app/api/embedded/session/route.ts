import { NextResponse, type NextRequest } from "next/server";
import { shopifyAppConfig } from "@/lib/connectors/shopify/oauth/config";
import { embeddedErrorResponse, notConfigured, sessionClaims } from "@/lib/embedded/guard";
import { ensureInstalled } from "@/lib/embedded/install";

export const dynamic = "force-dynamic";

/**
 * POST /api/embedded/session: the embedded app's first call on every load. Installs the shop
 * (token exchange) when it is not, joins the staff member, and answers who they are where.
 */
export async function POST(request: NextRequest): Promise<Response> {
  const config = shopifyAppConfig();
  if (!config) return notConfigured();
  try {
    const context = await ensureInstalled(await sessionClaims(request, config), { config });
    return NextResponse.json({ shop: context.shop, role: context.role, workspace: context.workspace }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return embeddedErrorResponse(error);
  }
}

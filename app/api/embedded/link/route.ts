import { NextResponse, type NextRequest } from "next/server";
import { readJson } from "@/lib/api/respond";
import { shopifyAppConfig } from "@/lib/connectors/shopify/oauth/config";
import { embeddedErrorResponse, notConfigured, sessionClaims } from "@/lib/embedded/guard";
import { linkShopToWorkspace } from "@/lib/embedded/link";

export const dynamic = "force-dynamic";

/**
 * POST /api/embedded/link { code }: the session token's shop opens the workspace whose owner or
 * admin made the code, instead of its own. Like the session call, it may run before the shop is
 * installed (a shop connected through the standalone app is refused an install of its own).
 */
export async function POST(request: NextRequest): Promise<Response> {
  const config = shopifyAppConfig();
  if (!config) return notConfigured();
  try {
    const claims = await sessionClaims(request, config);
    const body = (await readJson(request)) as { code?: unknown } | null;
    const context = await linkShopToWorkspace(claims, body?.code, { config });
    return NextResponse.json({ shop: context.shop, role: context.role, workspace: context.workspace }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return embeddedErrorResponse(error);
  }
}

import { NextResponse } from "next/server";
import { errorResponse } from "@/lib/api/respond";
import { publicBaseUrl } from "@/lib/connections/oauth/base-url";
import { beginShopifyConnect } from "@/lib/connectors/shopify/oauth/begin";
import { SHOPIFY_NOT_CONFIGURED, shopifyAppConfig } from "@/lib/connectors/shopify/oauth/config";
import { normalizeShopDomain } from "@/lib/connectors/shopify/oauth/shop";
import { AppError } from "@/lib/errors";
import { requireWorkspaceAction } from "@/lib/tenancy/server";

export const dynamic = "force-dynamic";

// Begins connecting a Shopify store: GET /api/connect/shopify?workspace=<slug>&shop=<store>
// (a link), or a POST of the same fields (a form). Admins and owners only.

type BeginInput = { workspace: unknown; shop: unknown };

async function readInput(request: Request): Promise<BeginInput> {
  const query = new URL(request.url).searchParams;
  const input: BeginInput = { workspace: query.get("workspace") ?? undefined, shop: query.get("shop") ?? undefined };
  if (request.method !== "POST") return input;
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
    const form = await request.formData().catch(() => null);
    if (!form) throw new AppError("bad_request", "The form could not be read.");
    return { workspace: form.get("workspace") ?? input.workspace, shop: form.get("shop") ?? input.shop };
  }
  return input;
}

const wantsHtml = (request: Request) => (request.headers.get("accept") ?? "").includes("text/html");

async function begin(request: Request): Promise<Response> {
  const config = shopifyAppConfig();
  if (!config) return NextResponse.json({ error: { code: "not_configured", message: SHOPIFY_NOT_CONFIGURED } }, { status: 503 });
  let input: BeginInput = { workspace: undefined, shop: undefined };
  try {
    input = await readInput(request);
    const context = await requireWorkspaceAction(input.workspace, "connections.manage");
    const shop = normalizeShopDomain(input.shop);
    const { authorizeUrl, cookie } = beginShopifyConnect(context, shop, {
      baseUrl: publicBaseUrl(request),
      config,
      userId: context.actor.kind === "user" ? context.actor.userId : "",
    });
    const response = NextResponse.redirect(authorizeUrl, request.method === "POST" ? 303 : 302);
    response.cookies.set(cookie.name, cookie.value, cookie.options);
    response.headers.set("Cache-Control", "no-store");
    return response;
  } catch (error) {
    // A browser without a session goes to sign-in and comes back here afterwards.
    if (error instanceof AppError && error.code === "unauthorized" && wantsHtml(request)) {
      const url = new URL(request.url);
      const back = request.method === "GET" ? `${url.pathname}${url.search}` : typeof input.workspace === "string" ? `/w/${encodeURIComponent(input.workspace)}` : "/";
      return NextResponse.redirect(`${publicBaseUrl(request)}/sign-in?callbackUrl=${encodeURIComponent(back)}`, 303);
    }
    return errorResponse(error);
  }
}

export const GET = begin;
export const POST = begin;

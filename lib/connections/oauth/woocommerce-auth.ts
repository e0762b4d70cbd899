import { NextResponse } from "next/server";
import { errorResponse, readJson } from "@/lib/api/respond";
import { normaliseStoreUrl, StoreUrlError } from "@/lib/connectors/woocommerce/store-url";
import { AppError } from "@/lib/errors";
import { startInitialSync } from "@/lib/sync/schedule";
import { workspaceForUser } from "@/lib/tenancy/guard";
import { requireWorkspaceAction } from "@/lib/tenancy/server";
import { connectKeyPairStore } from "../key-pair";
import { publicBaseUrl } from "./base-url";
import { openState, signState } from "./state";

// WooCommerce's application authentication: the merchant approves read access in their store's
// admin ({store}/wc-auth/v1/authorize), and the store POSTs a new key pair to our https callback.
// Who asked, for which workspace and store, travels as `user_id`: a signed state only this server
// can make, valid 15 minutes. It is used once in effect: a second callback for the same store finds
// it connected and is refused.

const PURPOSE = "woocommerce-auth-state";
const STATE_TTL_SECONDS = 15 * 60;
const CALLBACK_PATH = "/api/connect/woocommerce/callback";

type WooAuthState = { slug: string; userId: string; storeUrl: string };

function authSecret(): string {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set: connection states cannot be signed.");
  return secret;
}

/** GET /api/connect/woocommerce?workspace=<slug>&store=<address>: sends the admin to their store to approve access. */
export async function beginWooAuth(request: Request): Promise<Response> {
  try {
    const query = new URL(request.url).searchParams;
    const context = await requireWorkspaceAction(query.get("workspace"), "connections.manage");
    let storeUrl: string;
    try {
      storeUrl = normaliseStoreUrl(query.get("store"));
    } catch (error) {
      if (error instanceof StoreUrlError) throw AppError.field("store", error.message);
      throw error;
    }
    const base = publicBaseUrl(request);
    if (!base.startsWith("https://")) {
      throw AppError.field("store", "WooCommerce sends keys only to an https address, and this server has none (APP_URL): paste a key pair instead.");
    }
    const userId = context.actor.kind === "user" ? context.actor.userId : "";
    const { cookieValue: token } = signState<WooAuthState>(PURPOSE, authSecret(), { slug: context.workspace.slug, userId, storeUrl }, STATE_TTL_SECONDS);
    const authorize = new URL(`${storeUrl}/wc-auth/v1/authorize`);
    authorize.searchParams.set("app_name", "Signalboard");
    authorize.searchParams.set("scope", "read");
    authorize.searchParams.set("user_id", token);
    authorize.searchParams.set("return_url", `${base}/w/${encodeURIComponent(context.workspace.slug)}/connections`);
    authorize.searchParams.set("callback_url", `${base}${CALLBACK_PATH}`);
    const response = NextResponse.redirect(authorize.toString(), 302);
    response.headers.set("Cache-Control", "no-store");
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}

const validState = (state: Partial<WooAuthState>) => [state.slug, state.userId, state.storeUrl].every((s) => typeof s === "string" && s.length > 0);

/** POST /api/connect/woocommerce/callback: the store's JSON {key_id, user_id, consumer_key, consumer_secret, key_permissions}. */
export async function completeWooAuth(request: Request, nowMs = Date.now()): Promise<Response> {
  try {
    const body = (await readJson(request)) as Record<string, unknown> | null;
    if (!body || typeof body !== "object") throw new AppError("bad_request", "The callback body must be a JSON object.");
    const state = openState<WooAuthState>(PURPOSE, authSecret(), typeof body.user_id === "string" ? body.user_id : null, validState);
    if (!state) throw new AppError("unauthorized", "user_id is not a connection request this server made.");
    if (state.expiresAt * 1000 < nowMs) throw new AppError("unauthorized", "user_id has expired: start connecting the store again.");
    const permissions = body.key_permissions;
    if (permissions !== "read" && permissions !== "read_write") throw AppError.field("key_permissions", "The keys must allow reading (read or read_write).");
    if (typeof body.consumer_key !== "string" || typeof body.consumer_secret !== "string") {
      throw AppError.field("consumer_key", "consumer_key and consumer_secret must be strings.");
    }
    // The person who asked must still manage this workspace's connections.
    const context = await workspaceForUser(state.slug, state.userId, "connections.manage");
    const connection = await connectKeyPairStore(context.workspace.id, "woocommerce", {
      storeUrl: state.storeUrl, consumerKey: body.consumer_key, consumerSecret: body.consumer_secret,
    });
    await startInitialSync({ workspaceId: context.workspace.id, connectionId: connection.id });
    return NextResponse.json({ connected: true }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

import { NextResponse } from "next/server";
import { errorResponse } from "@/lib/api/respond";
import { saveCheckedConnection } from "@/lib/connections/save-checked";
import { isConnectorError } from "@/lib/connectors/common/errors";
import { crmProvider, missingEnv, PROVIDERS } from "@/lib/connectors/registry";
import { AppError } from "@/lib/errors";
import { startInitialSync } from "@/lib/sync/schedule";
import { requireWorkspaceAction } from "@/lib/tenancy/server";
import { assertMayConnect } from "@/lib/billing/limits";
import { publicBaseUrl } from "./base-url";
import { backTo, callbackRefusal, noStore, readBeginInput, STATE_PROBLEMS, stopPage, wantsHtml } from "./routes";
import { checkState, cookieFrom, signState, usedStateMarker } from "./state";
import { logger } from "@/lib/log";

const log = logger("amocrm-oauth");

// Connecting (or reconnecting) an AmoCRM account by OAuth 2:
//   begin:    /api/connect/amocrm?workspace=<slug> (a link or a form post), admins only;
//   callback: /api/connect/amocrm/callback?code=…&referer={subdomain}.amocrm.ru&state=…
// The state is a signed, 10-minute, single-use HttpOnly cookie naming the workspace and the user;
// the callback trusts nothing it does not vouch for, and calls only the AmoCRM domain `referer`
// names. The account's tokens are stored sealed; a reconnect replaces those of the same account.

const PROVIDER = "amocrm";
const PURPOSE = "amocrm-oauth-state";
const STATE_TTL_SECONDS = 10 * 60;
const COOKIE = "sb_oauth_amocrm";
const COOKIE_PATH = "/api/connect/amocrm";
export const AMOCRM_CALLBACK_PATH = "/api/connect/amocrm/callback";

type AmoState = { workspaceId: string; slug: string; userId: string };

function authSecret(): string {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set: OAuth states cannot be signed.");
  return secret;
}

const validState = (state: Partial<AmoState>) => [state.workspaceId, state.slug, state.userId].every((s) => typeof s === "string" && s.length > 0);

export async function beginAmoConnect(request: Request): Promise<Response> {
  let workspace: unknown = null;
  try {
    workspace = (await readBeginInput(request)).workspace;
    const context = await requireWorkspaceAction(workspace, "connections.manage");
    const missing = missingEnv(PROVIDER);
    if (missing.length > 0) {
      const message = `${PROVIDERS.amocrm.label} is not set up on this server yet: an operator must set ${missing.join(" and ")}.`;
      return NextResponse.json({ error: { code: "not_configured", message } }, { status: 503 });
    }
    const userId = context.actor.kind === "user" ? context.actor.userId : "";
    const { state, cookieValue } = signState<AmoState>(PURPOSE, authSecret(), { workspaceId: context.workspace.id, slug: context.workspace.slug, userId }, STATE_TTL_SECONDS);
    const authorize = new URL(process.env.AMOCRM_AUTH_URL?.trim() || "https://www.amocrm.ru/oauth");
    authorize.searchParams.set("client_id", process.env.AMOCRM_CLIENT_ID!.trim());
    authorize.searchParams.set("state", state.nonce);
    const base = publicBaseUrl(request);
    const response = NextResponse.redirect(authorize.toString(), request.method === "POST" ? 303 : 302);
    response.cookies.set(COOKIE, cookieValue, { httpOnly: true, secure: base.startsWith("https:"), sameSite: "lax", path: COOKIE_PATH, maxAge: STATE_TTL_SECONDS });
    return noStore(response);
  } catch (error) {
    if (error instanceof AppError && error.code === "unauthorized" && wantsHtml(request)) {
      const back = typeof workspace === "string" ? `/w/${encodeURIComponent(workspace)}/connections` : "/";
      return NextResponse.redirect(`${publicBaseUrl(request)}/sign-in?callbackUrl=${encodeURIComponent(back)}`, 303);
    }
    return errorResponse(error);
  }
}

function spent(response: NextResponse, nonce: string | null): NextResponse {
  response.cookies.set(COOKIE, nonce ? usedStateMarker(nonce) : "", { httpOnly: true, sameSite: "lax", path: COOKIE_PATH, maxAge: nonce ? STATE_TTL_SECONDS : 0 });
  return response;
}

export async function completeAmoConnect(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const check = checkState<AmoState>(PURPOSE, authSecret(), { cookieValue: cookieFrom(request, COOKIE), presented: params.get("state") }, validState);
  if (!check.ok) return spent(stopPage(400, "Connection not verified", STATE_PROBLEMS[check.reason]), null);
  const { state } = check;
  const done = (response: NextResponse) => spent(response, state.nonce);
  const connections = `/w/${encodeURIComponent(state.slug)}/connections`;

  const refusal = params.get("error");
  if (refusal) return done(backTo(request, connections, { oauth: refusal === "access_denied" ? "denied" : "failed", provider: PROVIDER }));

  const stopped = await callbackRefusal(state);
  if (stopped) return done(stopped);

  const code = params.get("code");
  if (!code) return done(stopPage(400, "Connection not verified", "AmoCRM sent you back without an authorisation code. Start again from your workspace's Connections page."));
  try {
    const crm = await crmProvider(PROVIDER);
    if (!crm?.connectWithCode) throw new Error("The AmoCRM provider cannot exchange codes.");
    const checked = await crm.connectWithCode({ code, referer: params.get("referer"), redirectUri: `${publicBaseUrl(request)}${AMOCRM_CALLBACK_PATH}` });
    await assertMayConnect(state.workspaceId, PROVIDER, checked.externalAccountId);
    const connection = await saveCheckedConnection(state.workspaceId, PROVIDER, checked);
    await startInitialSync({ workspaceId: state.workspaceId, connectionId: connection.id });
    log.info("connected", { workspaceId: state.workspaceId, connectionId: connection.id });
    return done(backTo(request, `${connections}/${encodeURIComponent(connection.id)}`, { oauth: "connected", provider: PROVIDER }));
  } catch (error) {
    if (error instanceof AppError) return done(stopPage(error.status, "Not connected", error.message, connections));
    if (!isConnectorError(error)) throw error;
    log.warn("connecting failed", { kind: error.kind, providerCode: error.providerCode ?? null });
    return done(stopPage(502, "AmoCRM did not finish the connection", `${error.message} Please try again in a moment.`, connections));
  }
}

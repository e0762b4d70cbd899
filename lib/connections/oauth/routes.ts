import { NextResponse } from "next/server";
import { errorResponse } from "@/lib/api/respond";
import { PROVIDERS, adProvider } from "@/lib/connectors/registry";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { workspaceForUser } from "@/lib/tenancy/guard";
import { requireWorkspaceAction } from "@/lib/tenancy/server";
import type { AdProvider } from "@/lib/connectors/contracts/ad-source";
import { reconnectWithTokens } from "../accounts";
import { isConnectorError } from "@/lib/connectors/common/errors";
import {
  callbackPath, checkOAuthState, createOAuthState, notConfiguredReason, PENDING_COOKIE, PENDING_TTL_SECONDS, pendingCookiePath,
  adProvidersOfFlow, sealPending, STATE_TTL_SECONDS, stateCookieName, stateCookiePath,
  type AdOAuthFlow, type OAuthState, type StateCheck,
} from "./flow";
import { publicBaseUrl } from "./base-url";
import { completeInPopup } from "./popup";
import { cookieFrom, usedStateMarker } from "./state";
import { logger } from "@/lib/log";

const log = logger("oauth");

// The two ends of connecting (or reconnecting) an ad or analytics account:
//   begin:    /api/connect/{google|meta|tiktok}?workspace=<slug>[&provider=...][&connection=<id>]
//   callback: /api/connect/{google|meta|tiktok}/callback, where the platform sends the user back.
// Only admins (connections.manage) get through either end, and the callback trusts nothing the
// signed state does not vouch for.

type BeginInput = { workspace: unknown; provider: unknown; connection: unknown };

export async function readBeginInput(request: Request): Promise<BeginInput> {
  const query = new URL(request.url).searchParams;
  const fromQuery = { workspace: query.get("workspace"), provider: query.get("provider"), connection: query.get("connection") };
  const type = request.headers.get("content-type") ?? "";
  if (request.method !== "POST" || !(type.includes("form-urlencoded") || type.includes("multipart/form-data"))) return fromQuery;
  const form = await request.formData().catch(() => null);
  if (!form) throw new AppError("bad_request", "The form could not be read.");
  return {
    workspace: form.get("workspace") ?? fromQuery.workspace,
    provider: form.get("provider") ?? fromQuery.provider,
    connection: form.get("connection") ?? fromQuery.connection,
  };
}

/** The platform this flow connects: named by the form for Google (Ads or Analytics), implied otherwise, or the reconnected connection's own. */
async function resolveTarget(flow: AdOAuthFlow, workspaceId: string, input: BeginInput): Promise<{ provider: AdProvider; connectionId: string | null }> {
  const choices = adProvidersOfFlow(flow);
  if (input.connection) {
    const connection = await db.connection.findFirst({ where: { workspaceId, id: String(input.connection) }, select: { id: true, provider: true } });
    const provider = choices.find((p) => p === connection?.provider);
    if (!connection || !provider) throw new AppError("not_found", "Connection not found.");
    return { provider, connectionId: connection.id };
  }
  const provider = choices.length === 1 ? choices[0]! : choices.find((p) => p === input.provider);
  if (!provider) throw AppError.field("provider", `Choose what to connect: ${choices.join(" or ")}.`);
  return { provider, connectionId: null };
}

export const wantsHtml = (request: Request) => (request.headers.get("accept") ?? "").includes("text/html");

export function noStore<T extends NextResponse>(response: T): T {
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export async function beginAdConnect(request: Request, flow: AdOAuthFlow): Promise<Response> {
  let input: BeginInput = { workspace: null, provider: null, connection: null };
  try {
    input = await readBeginInput(request);
    const context = await requireWorkspaceAction(input.workspace, "connections.manage");
    const { provider, connectionId } = await resolveTarget(flow, context.workspace.id, input);
    const { label } = PROVIDERS[provider];
    const notConfigured = notConfiguredReason(provider, label);
    if (notConfigured) return NextResponse.json({ error: { code: "not_configured", message: notConfigured } }, { status: 503 });
    const source = await adProvider(provider);
    const userId = context.actor.kind === "user" ? context.actor.userId : "";
    const { state, cookieValue } = createOAuthState({ provider, workspaceId: context.workspace.id, slug: context.workspace.slug, userId, connectionId });
    const baseUrl = publicBaseUrl(request);
    const authorizeUrl = source.authorizeUrl({ state: state.nonce, redirectUri: `${baseUrl}${callbackPath(flow)}` });
    const response = NextResponse.redirect(authorizeUrl, request.method === "POST" ? 303 : 302);
    response.cookies.set(stateCookieName(flow), cookieValue, {
      httpOnly: true, secure: baseUrl.startsWith("https:"), sameSite: "lax", path: stateCookiePath(flow), maxAge: STATE_TTL_SECONDS,
    });
    return noStore(response);
  } catch (error) {
    if (isConnectorError(error)) return NextResponse.json({ error: { code: "not_configured", message: error.message } }, { status: 503 });
    // A browser without a session signs in and comes back to the workspace.
    if (error instanceof AppError && error.code === "unauthorized" && wantsHtml(request)) {
      const url = new URL(request.url);
      const back = request.method === "GET" ? `${url.pathname}${url.search}` : typeof input.workspace === "string" ? `/w/${encodeURIComponent(input.workspace)}/connections` : "/";
      return NextResponse.redirect(`${publicBaseUrl(request)}/sign-in?callbackUrl=${encodeURIComponent(back)}`, 303);
    }
    return errorResponse(error);
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain page for a callback that cannot go on: the browser arrived from the platform, not from a form. */
export function stopPage(status: number, title: string, message: string, back = "/"): NextResponse {
  const body = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)} · Signalboard</title></head>`,
    `<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5">`,
    `<h1 style="font-size:1.25rem">${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`,
    `<p><a href="${escapeHtml(back)}">Back to Signalboard</a></p></body></html>`,
  ].join("");
  return noStore(new NextResponse(body, { status, headers: { "Content-Type": "text/html; charset=utf-8" } }));
}

export const STATE_PROBLEMS: Record<Exclude<StateCheck, { ok: true }>["reason"], string> = {
  missing: "This sign-in could not be matched to a connection started in this browser, or it took longer than 10 minutes. Start again from your workspace's Connections page.",
  invalid: "This sign-in could not be verified. Start again from your workspace's Connections page.",
  expired: "This sign-in expired: connecting must be finished within 10 minutes. Start again from your workspace's Connections page.",
  reused: "This sign-in was already used. Start again from your workspace's Connections page if you want to connect another account.",
};

/** The state is spent whatever the outcome: a reload of the callback is recognised as a reuse. */
function spendState(response: NextResponse, flow: AdOAuthFlow, nonce: string | null): NextResponse {
  response.cookies.set(stateCookieName(flow), nonce ? usedStateMarker(nonce) : "", {
    httpOnly: true, sameSite: "lax", path: stateCookiePath(flow), maxAge: nonce ? STATE_TTL_SECONDS : 0,
  });
  return response;
}

/** Sends the browser to a workspace page, with a notice for it to show. */
export function backTo(request: Request, path: string, notice: Record<string, string>): NextResponse {
  const query = new URLSearchParams(notice).toString();
  return noStore(NextResponse.redirect(`${publicBaseUrl(request)}${path}${query ? `?${query}` : ""}`, 303));
}

const connectionsPath = (state: OAuthState) => `/w/${encodeURIComponent(state.slug)}/connections`;

/**
 * Why a platform's callback must stop before using its code: the session ended, another user came
 * back with the state, or that user no longer manages the workspace the state names (404 for a
 * workspace they are not in). Null when the flow may go on.
 */
export async function callbackRefusal(state: { userId: string; slug: string; workspaceId: string }): Promise<NextResponse | null> {
  const user = await currentUser();
  if (!user) return stopPage(401, "Signed out", "Your session ended while you were away. Sign in and start connecting again.", "/sign-in");
  if (user.id !== state.userId) return stopPage(400, "Connection not verified", "This sign-in was started by another Signalboard user. Start again from your workspace's Connections page.");
  try {
    const context = await workspaceForUser(state.slug, user.id, "connections.manage");
    if (context.workspace.id !== state.workspaceId) throw new AppError("not_found", "Workspace not found.");
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const message = error.code === "forbidden" ? "Only the workspace's owners and admins can connect accounts." : "This workspace does not exist, or you are not a member of it.";
    return stopPage(error.status, error.code === "forbidden" ? "Not allowed" : "Not found", message);
  }
}

export async function completeAdConnect(request: Request, flow: AdOAuthFlow): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const check = checkOAuthState({ cookieValue: cookieFrom(request, stateCookieName(flow)), presented: params.get("state") });
  if (!check.ok || !adProvidersOfFlow(flow).includes(check.state.provider)) {
    const reason = check.ok ? "invalid" : check.reason;
    return spendState(stopPage(400, "Connection not verified", STATE_PROBLEMS[reason]), flow, check.ok ? check.state.nonce : null);
  }
  const { state } = check;
  const done = (response: NextResponse) => spendState(response, flow, state.nonce);
  if (state.embedded) return done(await completeInPopup(request, flow, state, params));
  const { label } = PROVIDERS[state.provider];

  // The user said no on the platform's consent screen (or the platform gave up).
  const refusal = params.get("error");
  if (refusal) {
    const notice = refusal === "access_denied" ? "denied" : "failed";
    return done(backTo(request, connectionsPath(state), { oauth: notice, provider: state.provider }));
  }

  const stopped = await callbackRefusal(state);
  if (stopped) return done(stopped);

  const code = params.get("code") ?? params.get("auth_code");
  if (!code) return done(stopPage(400, "Connection not verified", `${label} sent you back without an authorisation code. Start again from your workspace's Connections page.`));

  let tokens;
  try {
    tokens = await (await adProvider(state.provider)).exchangeCode({ code, redirectUri: `${publicBaseUrl(request)}${callbackPath(flow)}` });
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    log.warn("code exchange failed", { flow, kind: error.kind, providerCode: error.providerCode ?? null });
    return done(stopPage(502, `${label} did not finish the connection`, `${error.message} Please try again in a moment.`, connectionsPath(state)));
  }

  if (state.connectionId) {
    const scope = { workspaceId: state.workspaceId, connectionId: state.connectionId };
    try {
      await reconnectWithTokens(scope, state.provider, tokens);
    } catch (error) {
      if (error instanceof AppError) return done(stopPage(error.status, "Not reconnected", error.message, connectionsPath(state)));
      if (isConnectorError(error)) return done(stopPage(502, "Not reconnected", `${label} did not list your accounts: ${error.message}`, connectionsPath(state)));
      throw error;
    }
    log.info("reconnected", { flow, workspaceId: state.workspaceId, connectionId: state.connectionId });
    return done(backTo(request, `${connectionsPath(state)}/${encodeURIComponent(state.connectionId)}`, { oauth: "reconnected", provider: state.provider }));
  }

  const response = done(backTo(request, `${connectionsPath(state)}/pick`, {}));
  response.cookies.set(PENDING_COOKIE, sealPending(state, tokens), {
    httpOnly: true, secure: publicBaseUrl(request).startsWith("https:"), sameSite: "lax", path: pendingCookiePath(state.slug), maxAge: PENDING_TTL_SECONDS,
  });
  return response;
}

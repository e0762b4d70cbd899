import { NextResponse } from "next/server";
import { PROVIDERS, adProvider } from "@/lib/connectors/registry";
import { isConnectorError } from "@/lib/connectors/common/errors";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { workspaceForUser } from "@/lib/tenancy/guard";
import type { AdProvider, ProviderAccount } from "@/lib/connectors/contracts/ad-source";
import { connectPickedAccount, reconnectWithTokens } from "../accounts";
import { publicBaseUrl } from "./base-url";
import { cookieFrom } from "./state";
import { accountChoice, callbackPath, openPending, PENDING_TTL_SECONDS, sealPending, type AdOAuthFlow, type OAuthState, type PendingSelection } from "./flow";
import { logger } from "@/lib/log";

const log = logger("oauth");

// The ad platforms' OAuth when it was started from inside the Shopify admin. Shopify requires a
// third party's consent screen in a new window, so the flow runs in a popup opened by the embedded
// app, whose iframe has no Signalboard session: the signed state vouches for the staff member (it
// was made for a verified session token), and their membership and role are read again here. The
// popup ends on a page that posts the outcome to the app's frame (its opener, same origin only)
// and closes; a new connection first asks which account, in the popup too.

export const POPUP_MESSAGE_SOURCE = "signalboard-connect";
export const EMBEDDED_CONNECT_PATH = "/api/embedded/connect";
export const EMBEDDED_PICK_PATH = `${EMBEDDED_CONNECT_PATH}/pick`;
export const EMBEDDED_PENDING_COOKIE = "sb_embedded_oauth_pending";

export type PopupOutcome = { status: "connected" | "reconnected" | "denied" | "failed"; provider: AdProvider | null; message: string };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside a <script>: nothing in it can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

function page(status: number, title: string, body: string): NextResponse {
  const html = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)} · Signalboard</title></head>`,
    `<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#303030">`,
    `<h1 style="font-size:1.25rem">${escapeHtml(title)}</h1>${body}</body></html>`,
  ].join("");
  return new NextResponse(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

/** The popup's last page: tells the app's frame what happened, then closes (or says to close it). */
export function popupResult(request: Request, outcome: PopupOutcome, status = 200): NextResponse {
  const origin = new URL(publicBaseUrl(request)).origin;
  const message = { source: POPUP_MESSAGE_SOURCE, ...outcome };
  const script = `<script>(function(){var m=${scriptJson(message)};if(window.opener){try{window.opener.postMessage(m,${scriptJson(origin)});}catch(e){}window.close();}})();</script>`;
  const title = outcome.status === "connected" || outcome.status === "reconnected" ? "Connected" : "Not connected";
  return page(status, title, `<p data-outcome="${outcome.status}">${escapeHtml(outcome.message)}</p><p>You can close this window and return to the Shopify admin.</p>${script}`);
}

/** The staff member who started the flow may still manage the workspace's connections. */
async function stillAllowed(state: { slug: string; userId: string; workspaceId: string }): Promise<string | null> {
  try {
    const context = await workspaceForUser(state.slug, state.userId, "connections.manage");
    if (context.workspace.id !== state.workspaceId) throw new AppError("not_found", "Workspace not found.");
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return error.code === "forbidden" ? "Only the workspace's owners and admins can connect accounts." : "This workspace does not exist, or you are no longer a member of it.";
  }
}

function pickPage(pending: PendingSelection, accounts: ProviderAccount[]): NextResponse {
  const { label, accountNoun } = PROVIDERS[pending.provider];
  if (accounts.length === 0) {
    return page(200, `No ${accountNoun} to connect`, `<p>The ${escapeHtml(label)} user you signed in with cannot see any ${escapeHtml(accountNoun)}. Close this window and try again with another user.</p>`);
  }
  const options = accounts
    .map((a, i) => {
      const value = escapeHtml(accountChoice(a));
      return `<label style="display:block;padding:.5rem 0"><input type="radio" name="account" value="${value}"${i === 0 ? " checked" : ""}> ${escapeHtml(a.name)} <span style="color:#616161">(${escapeHtml(a.id)})</span></label>`;
    })
    .join("");
  return page(
    200,
    `Choose the ${label} ${accountNoun}`,
    `<form method="post" action="${EMBEDDED_PICK_PATH}"><fieldset style="border:0;padding:0"><legend>Which ${escapeHtml(accountNoun)} should Signalboard read?</legend>${options}</fieldset>` +
      `<button type="submit" style="margin-top:1rem;padding:.5rem 1rem;border-radius:.5rem;background:#303030;color:#fff;border:0;font-weight:600">Connect</button></form>`,
  );
}

/** The platform's callback for a flow started inside the admin (the state's `embedded`). */
export async function completeInPopup(request: Request, flow: AdOAuthFlow, state: OAuthState, params: URLSearchParams): Promise<NextResponse> {
  const provider = state.provider;
  const { label } = PROVIDERS[provider];
  const refusal = params.get("error");
  if (refusal) {
    const denied = refusal === "access_denied";
    return popupResult(request, { status: denied ? "denied" : "failed", provider, message: denied ? `${label} was not connected: access was not granted.` : `${label} did not finish the connection. Try again in a moment.` });
  }
  const refused = await stillAllowed(state);
  if (refused) return popupResult(request, { status: "failed", provider, message: refused }, 403);
  const code = params.get("code") ?? params.get("auth_code");
  if (!code) return popupResult(request, { status: "failed", provider, message: `${label} sent you back without an authorisation code. Try again.` }, 400);

  try {
    const source = await adProvider(provider);
    const tokens = await source.exchangeCode({ code, redirectUri: `${publicBaseUrl(request)}${callbackPath(flow)}` });
    if (state.connectionId) {
      await reconnectWithTokens({ workspaceId: state.workspaceId, connectionId: state.connectionId }, provider, tokens);
      return popupResult(request, { status: "reconnected", provider, message: `${label} is reconnected; syncing resumes now.` });
    }
    const sealed = sealPending(state, tokens);
    const pending = openPending(sealed)!;
    const response = pickPage(pending, await source.listAccounts(tokens));
    response.cookies.set(EMBEDDED_PENDING_COOKIE, sealed, {
      httpOnly: true, secure: publicBaseUrl(request).startsWith("https:"), sameSite: "lax", path: EMBEDDED_CONNECT_PATH, maxAge: PENDING_TTL_SECONDS,
    });
    return response;
  } catch (error) {
    if (error instanceof AppError) return popupResult(request, { status: "failed", provider, message: error.message }, error.status);
    if (!isConnectorError(error)) throw error;
    log.warn("embedded connect failed", { flow, kind: error.kind, providerCode: error.providerCode ?? null });
    return popupResult(request, { status: "failed", provider, message: `${label} did not finish the connection: ${error.message}` }, 502);
  }
}

/** The popup's account choice (POST of the pick page): the account is connected, the outcome posted back. */
export async function completeEmbeddedPick(request: Request): Promise<NextResponse> {
  const pending = openPending(cookieFrom(request, EMBEDDED_PENDING_COOKIE));
  const clear = (response: NextResponse) => {
    response.cookies.set(EMBEDDED_PENDING_COOKIE, "", { httpOnly: true, sameSite: "lax", path: EMBEDDED_CONNECT_PATH, maxAge: 0 });
    return response;
  };
  if (!pending) return clear(popupResult(request, { status: "failed", provider: null, message: "This sign-in expired or was already used. Close this window and start again from Connections." }, 400));
  const { label } = PROVIDERS[pending.provider];
  const workspace = await workspaceOfPending(pending);
  if (!workspace) return clear(popupResult(request, { status: "failed", provider: pending.provider, message: "Only the workspace's owners and admins can connect accounts." }, 403));
  const form = await request.formData().catch(() => null);
  try {
    await connectPickedAccount(pending.workspaceId, pending, { account: form?.get("account") ?? "" });
  } catch (error) {
    if (error instanceof AppError) return popupResult(request, { status: "failed", provider: pending.provider, message: error.message }, error.status);
    if (!isConnectorError(error)) throw error;
    return popupResult(request, { status: "failed", provider: pending.provider, message: `${label} did not list your accounts: ${error.message}` }, 502);
  }
  return clear(popupResult(request, { status: "connected", provider: pending.provider, message: `${label} is connected; its history is loading.` }));
}

/** The pending selection's workspace, if its user may still manage connections there. */
async function workspaceOfPending(pending: PendingSelection): Promise<string | null> {
  const membership = await db.membership.findUnique({ where: { workspaceId_userId: { workspaceId: pending.workspaceId, userId: pending.userId } }, select: { role: true, workspace: { select: { slug: true } } } });
  if (!membership) return null;
  return (await stillAllowed({ slug: membership.workspace.slug, userId: pending.userId, workspaceId: pending.workspaceId })) === null ? pending.workspaceId : null;
}

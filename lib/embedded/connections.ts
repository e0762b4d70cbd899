import { NextResponse } from "next/server";
import { listConnectionViews } from "@/lib/connections/resource";
import type { TConnectionView } from "@/lib/connections/schema";
import { publicBaseUrl } from "@/lib/connections/oauth/base-url";
import { callbackPath, createOAuthState, flowOf, notConfiguredReason, STATE_TTL_SECONDS, stateCookieName, stateCookiePath } from "@/lib/connections/oauth/flow";
import { EMBEDDED_CONNECT_PATH, popupResult } from "@/lib/connections/oauth/popup";
import { openState, signState } from "@/lib/connections/oauth/state";
import { AD_PROVIDERS, adProvider, isAdProvider, PROVIDERS } from "@/lib/connectors/registry";
import type { AdProvider } from "@/lib/connectors/contracts/ad-source";
import { db } from "@/lib/db/client";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { workspaceForUser } from "@/lib/tenancy/guard";
import { can } from "@/lib/tenancy/roles";
import type { EmbeddedContext } from "./guard";

// Connections inside the admin: every connection of the workspace with its sync, and the ad and
// analytics platforms an admin can connect. Connecting runs the platform's OAuth in a new window
// (Shopify requires third-party consent outside its iframe): the embedded API hands the frame a
// short-lived signed ticket for the verified staff member, the popup opens it at
// /api/embedded/connect, which starts the usual flow (state cookie, the platform's consent, its
// callback) marked as embedded; lib/connections/oauth/popup.ts finishes it and posts the outcome
// back to the frame.

export type EmbeddedPlatform = { provider: AdProvider; label: string; summary: string; notConfigured: string | null };
export type EmbeddedConnections = { connections: TConnectionView[]; platforms: EmbeddedPlatform[]; mayManage: boolean; storeConnectionId: string };

export async function embeddedConnections(context: EmbeddedContext): Promise<EmbeddedConnections> {
  return {
    connections: await listConnectionViews(context.workspace.id),
    platforms: AD_PROVIDERS.map((provider) => ({ provider, label: PROVIDERS[provider].title, summary: PROVIDERS[provider].summary, notConfigured: notConfiguredReason(provider, PROVIDERS[provider].label) })),
    mayManage: can(context.role, "connections.manage"),
    storeConnectionId: context.connectionId,
  };
}

const TICKET_PURPOSE = "embedded-connect-ticket";
/** Long enough to open the window; the flow's own state then gives it 10 minutes. */
const TICKET_TTL_SECONDS = 120;

type Ticket = { provider: AdProvider; workspaceId: string; slug: string; userId: string; connectionId: string | null };

function authSecret(): string {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set: connect tickets cannot be signed.");
  return secret;
}

/** The ticket the popup opens: admins only; a reconnect names one of the workspace's ad connections. */
export async function startEmbeddedConnect(context: EmbeddedContext, input: unknown): Promise<{ url: string }> {
  if (!can(context.role, "connections.manage")) throw forbidden("Only the workspace's owners and admins can connect accounts.");
  const body = (input && typeof input === "object" ? input : {}) as { provider?: unknown; connection?: unknown };
  let provider: AdProvider;
  let connectionId: string | null = null;
  if (body.connection !== undefined && body.connection !== null) {
    if (typeof body.connection !== "string" || body.connection.length > 100) throw AppError.field("connection", "connection must be one of the workspace's connection ids.");
    const connection = await db.connection.findFirst({ where: { workspaceId: context.workspace.id, id: body.connection }, select: { id: true, provider: true } });
    if (!connection) throw notFound("No such connection.");
    if (!isAdProvider(connection.provider)) throw AppError.field("connection", "Only ad and analytics connections reconnect here; the store reconnects by reinstalling the app.");
    provider = connection.provider;
    connectionId = connection.id;
  } else {
    if (typeof body.provider !== "string" || !isAdProvider(body.provider)) throw AppError.field("provider", `provider must be one of: ${AD_PROVIDERS.join(", ")}.`);
    provider = body.provider;
  }
  const notConfigured = notConfiguredReason(provider, PROVIDERS[provider].label);
  if (notConfigured) throw AppError.field("provider", notConfigured, "conflict");
  const fields: Ticket = { provider, workspaceId: context.workspace.id, slug: context.workspace.slug, userId: context.userId, connectionId };
  const { cookieValue } = signState(TICKET_PURPOSE, authSecret(), fields, TICKET_TTL_SECONDS);
  return { url: `${EMBEDDED_CONNECT_PATH}?ticket=${encodeURIComponent(cookieValue)}` };
}

const validTicket = (t: Partial<Ticket>) =>
  typeof t.provider === "string" && isAdProvider(t.provider) && [t.workspaceId, t.slug, t.userId].every((s) => typeof s === "string" && s.length > 0) && (t.connectionId === null || typeof t.connectionId === "string");

/** GET /api/embedded/connect?ticket=: the popup's first page, sent on to the platform's consent. */
export async function beginEmbeddedConnect(request: Request): Promise<Response> {
  const ticket = openState<Ticket>(TICKET_PURPOSE, authSecret(), new URL(request.url).searchParams.get("ticket"), validTicket);
  const fail = (message: string, status: number) => popupResult(request, { status: "failed", provider: ticket?.provider ?? null, message }, status);
  if (!ticket) return fail("This link to connect an account is not valid. Close this window and start again from Connections.", 400);
  if (ticket.expiresAt * 1000 < Date.now()) return fail("This link to connect an account expired. Close this window and start again from Connections.", 400);
  try {
    const context = await workspaceForUser(ticket.slug, ticket.userId, "connections.manage");
    if (context.workspace.id !== ticket.workspaceId) throw notFound("Workspace not found.");
  } catch (error) {
    if (error instanceof AppError) return fail(error.code === "forbidden" ? "Only the workspace's owners and admins can connect accounts." : "This workspace does not exist, or you are no longer a member of it.", error.status);
    throw error;
  }
  const flow = flowOf(ticket.provider);
  const { state, cookieValue } = createOAuthState({ provider: ticket.provider, workspaceId: ticket.workspaceId, slug: ticket.slug, userId: ticket.userId, connectionId: ticket.connectionId, embedded: true });
  const baseUrl = publicBaseUrl(request);
  const authorizeUrl = (await adProvider(ticket.provider)).authorizeUrl({ state: state.nonce, redirectUri: `${baseUrl}${callbackPath(flow)}` });
  const response = NextResponse.redirect(authorizeUrl, 302);
  response.headers.set("Cache-Control", "no-store");
  response.cookies.set(stateCookieName(flow), cookieValue, { httpOnly: true, secure: baseUrl.startsWith("https:"), sameSite: "lax", path: stateCookiePath(flow), maxAge: STATE_TTL_SECONDS });
  return response;
}

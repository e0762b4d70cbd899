import { getJwt } from "@shopify/shopify-api/test-helpers";
import { NextRequest } from "next/server";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { staffAccountId, STAFF_PROVIDER } from "@/lib/embedded/staff";
import { seedMembership, seedUser } from "@/lib/seed/factories";
import type { Role } from "@/lib/tenancy/roles";
import { freshWorkspace } from "../dashboards/support";
import { unique } from "../helpers";

export const API_KEY = "embedded-test-client-id";
export const API_SECRET = "embedded-test-client-secret";

/** Sets the app's credentials the session tokens below are signed with. */
export function configureApp(stubEnv: (name: string, value: string) => void): void {
  stubEnv("SHOPIFY_API_KEY", API_KEY);
  stubEnv("SHOPIFY_API_SECRET", API_SECRET);
}

export const uniqueShop = () => `${unique("shop")}.myshopify.com`;

/** A session token as the admin signs it for `shop` and staff member `sub`; overrides change any claim. */
export async function sessionToken(shop: string, sub = "12345", overrides: Record<string, unknown> = {}, secret = API_SECRET): Promise<string> {
  const { token } = await getJwt(shop.replace(/\.myshopify\.com$/, ""), API_KEY, secret, { sub, ...overrides });
  return token;
}

/** A shop installed into a fresh workspace, with one staff member joined as `role`. */
export async function installedShop(role: Role = "owner", sub = "12345") {
  const shop = uniqueShop();
  const { owner, workspace } = await freshWorkspace();
  const connection = await db.connection.create({
    data: { workspaceId: workspace.id, provider: "shopify", externalAccountId: shop, displayName: shop, credentials: sealJson({ mode: "oauth", shop, accessToken: "shpat_test" }), scopes: [] },
  });
  await db.embeddedShop.create({ data: { shop, workspaceId: workspace.id, connectionId: connection.id } });
  const staff = role === "owner" ? owner : await seedUser();
  if (role !== "owner") await seedMembership(workspace.id, staff.id, role);
  await db.oAuthAccount.create({ data: { userId: staff.id, provider: STAFF_PROVIDER, providerAccountId: staffAccountId(shop, sub) } });
  return { shop, workspace, connection, staff, sub };
}

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls an embedded route the way App Bridge's fetch does: the session token as a Bearer. */
export async function callEmbedded(handler: Handler, init: { token: string | null; params?: Record<string, string>; method?: string; path?: string; body?: unknown }) {
  const headers: Record<string, string> = init.token === null ? {} : { authorization: `Bearer ${init.token}` };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  const request = new NextRequest(`http://localhost${init.path ?? "/api/embedded/home"}`, { method: init.method ?? "GET", headers, body });
  const response = await handler(request, { params: Promise.resolve(init.params ?? {}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

/** Rows of the tables an install or a join writes: an answer that must write nothing leaves them as they were. */
export async function installCounts() {
  const [shops, users, accounts, memberships, workspaces, connections] = await Promise.all([
    db.embeddedShop.count(),
    db.user.count(),
    db.oAuthAccount.count(),
    db.membership.count(),
    db.workspace.count(),
    db.connection.count(),
  ]);
  return { shops, users, accounts, memberships, workspaces, connections };
}

import { NextRequest } from "next/server";
import { createApiKey } from "@/lib/api-keys/service";
import { db } from "@/lib/db/client";
import type { TWidgetInput } from "@/lib/dashboards/schema";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import type { Role } from "@/lib/tenancy/roles";

/** A fresh workspace and its owner. */
export async function freshWorkspace() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  return { owner, workspace };
}

/** A workspace's dashboards straight from the table, in position order. */
export const dashboardRows = (workspaceId: string) =>
  db.dashboard.findMany({ where: { workspaceId }, orderBy: { position: "asc" }, include: { widgets: true } });

export const kpiWidget = (metric: string, layout = { x: 0, y: 0, w: 3, h: 2 }): TWidgetInput => ({
  type: "kpi",
  title: `KPI ${metric}`,
  config: { metrics: [metric] },
  layout,
});

export async function apiKey(workspaceId: string, ownerId: string, role: Role): Promise<string> {
  const { key } = await createApiKey(workspaceId, { userId: ownerId, role: "owner" }, { name: `${role} key`, role });
  return key;
}

type RouteParams = { slug: string } & Record<string, string>;
type Handler = (request: NextRequest, context: { params: Promise<RouteParams> }) => Promise<Response>;

export type ApiResult = { status: number; body: Record<string, unknown> | null };

export type CallInit = { method: string; key: string | null; params: RouteParams; body?: unknown; rawBody?: string };

/** Calls a route handler the way Next.js does, authenticated with `key` (null: whatever session the test signed in). */
export async function respond(handler: Handler, init: CallInit): Promise<Response> {
  const headers: Record<string, string> = init.key === null ? {} : { authorization: `Bearer ${init.key}` };
  let body: string | undefined;
  if (init.rawBody !== undefined || init.body !== undefined) {
    headers["content-type"] = "application/json";
    body = init.rawBody ?? JSON.stringify(init.body);
  }
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${init.params.slug}/dashboards`, { method: init.method, headers, body });
  return handler(request, { params: Promise.resolve(init.params) });
}

/** The same, with the answer's status and parsed JSON body. */
export async function call(handler: Handler, init: CallInit): Promise<ApiResult> {
  const response = await respond(handler, init);
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

export const errorFields = (result: ApiResult) =>
  ((result.body?.error as { fields?: Record<string, string> } | undefined)?.fields ?? {});

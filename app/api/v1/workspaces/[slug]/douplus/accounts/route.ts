import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { listAccounts } from "@/lib/douplus/list";
import { ACCOUNT_PARAMETERS, parseQuery, ZDouplusAccountQuerySchema } from "@/lib/douplus/schema";

export const GET = workspaceRoute("workspace.read", async (request, { workspace }) => {
  const query = parseQuery(ZDouplusAccountQuerySchema, new URL(request.url).searchParams, ACCOUNT_PARAMETERS);
  return NextResponse.json({ currency: "CNY", period: query.period, accounts: await listAccounts(workspace.id, query) }, { headers: { "Cache-Control": "private, no-store" } });
});

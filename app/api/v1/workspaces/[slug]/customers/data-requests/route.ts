import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { makeCustomerDataRequest } from "@/lib/stores/compliance/api-request";

// A customer's GDPR export or erasure, answered at once (lib/stores/compliance/api-request.ts).
export const POST = workspaceRoute("settings.manage", async (request, context) =>
  NextResponse.json(await makeCustomerDataRequest(context, await readJson(request)), { status: 201, headers: { "Cache-Control": "private, no-store" } }),
);

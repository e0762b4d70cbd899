import { NextResponse } from "next/server";
import { visibleWorkspaces } from "@/lib/api/caller";
import { callerRoute } from "@/lib/api/workspace-route";

export const GET = callerRoute("workspace.read", async (_request, caller) => NextResponse.json(await visibleWorkspaces(caller)));

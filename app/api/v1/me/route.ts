import { NextResponse } from "next/server";
import { describeCaller } from "@/lib/api/caller";
import { callerRoute } from "@/lib/api/workspace-route";

export const GET = callerRoute("workspace.read", async (request, caller) =>
  NextResponse.json(await describeCaller(caller, request.nextUrl.searchParams.get("workspace"))),
);

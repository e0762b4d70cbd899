import { serve } from "inngest/next";
import { NextResponse } from "next/server";
import { functions } from "@/inngest/functions";
import { jobBackend } from "@/lib/jobs/backend";
import { inngest } from "@/lib/jobs/inngest-client";

const served = serve({ client: inngest, functions });

// Without an Inngest server the jobs run in process and this endpoint has nothing to serve.
const whenConfigured =
  (handler: (request: never, context: never) => Promise<Response>) =>
  (request: Request, context: unknown): Promise<Response> | Response =>
    jobBackend() === "inngest"
      ? handler(request as never, context as never)
      : NextResponse.json({ error: { code: "not_found", message: "Inngest is not configured on this server." } }, { status: 404 });

export const GET = whenConfigured(served.GET);
export const POST = whenConfigured(served.POST);
export const PUT = whenConfigured(served.PUT);

import { completeAdConnect } from "@/lib/connections/oauth/routes";

export const dynamic = "force-dynamic";

/** The platform's OAuth redirect back to us: verified and exchanged in lib/connectors/oauth-connect. */
export async function GET(request: Request): Promise<Response> {
  return completeAdConnect(request, "douyin");
}

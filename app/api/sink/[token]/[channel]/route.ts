import { NextResponse, type NextRequest } from "next/server";
import { errorResponse, readRawBody } from "@/lib/api/respond";
import { AppError, notFound } from "@/lib/errors";
import { recordSinkMessage, sinkEnabled, workspaceOfSinkToken, ZSinkChannel } from "@/lib/notifications/sink";

// The in-app webhook sink: records what is posted and answers like a chat webhook ("ok"), so a
// Slack, WeCom or webhook destination can point here and the message be seen on the
// notifications settings page.

const MAX_BODY_BYTES = 256 * 1024;
// Headers worth showing (signatures included); cookies and the like are never kept.
const KEPT_HEADERS = /^(content-type|user-agent|webhook-id|webhook-timestamp|webhook-signature)$/i;

export async function POST(request: NextRequest, { params }: { params: Promise<{ token: string; channel: string }> }) {
  try {
    if (!sinkEnabled()) throw notFound();
    const { token, channel } = await params;
    const workspaceId = workspaceOfSinkToken(token);
    if (!workspaceId) throw notFound("No such sink.");
    if (!ZSinkChannel.test(channel)) throw AppError.field("channel", "Use letters, digits, dashes or underscores for the sink's channel.");
    const body = (await readRawBody(request, MAX_BODY_BYTES)).toString("utf8");
    if (body.includes("\u0000")) throw AppError.field("body", "Remove the NUL character from the body.");
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      if (KEPT_HEADERS.test(name)) headers[name.toLowerCase()] = value.slice(0, 500);
    });
    // Query parameters carry DingTalk's timestamp and sign: keep them with the headers.
    for (const [name, value] of request.nextUrl.searchParams) if (name === "timestamp" || name === "sign") headers[`query:${name}`] = value.slice(0, 500);
    await recordSinkMessage(workspaceId, { channel, contentType: request.headers.get("content-type"), headers, body });
    return new NextResponse("ok", { status: 200, headers: { "content-type": "text/plain" } });
  } catch (error) {
    return errorResponse(error);
  }
}

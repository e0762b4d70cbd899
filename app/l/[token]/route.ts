import { linkResponse } from "@/lib/owned/links/respond";

// A tracked link in an owned-channel message (lib/owned/links/follow.ts). Public: the signed
// token is the only credential.
export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  return linkResponse((await params).token, _request.headers);
}

export const HEAD = GET;

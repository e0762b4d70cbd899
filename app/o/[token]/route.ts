import { pixelResponse } from "@/lib/owned/links/respond";

// The open pixel of an owned-channel email (lib/owned/links/follow.ts): always the same GIF.
export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  return pixelResponse((await params).token, request.headers);
}

import { NextResponse } from "next/server";

// A request from the embedded app that cannot be trusted or placed: a bad or expired session
// token, a shop that is not (or no longer) installed, a token Shopify refused to exchange. The
// answer is always 401 with a reload hint: App Bridge retries a request answered with the retry
// header once with a fresh token, and the app's page offers a reload, which installs again.

export const RETRY_HEADER = "X-Shopify-Retry-Invalid-Session-Request";
export const RELOAD_HINT = "Reload Signalboard from your Shopify admin.";

export class EmbeddedAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmbeddedAuthError";
  }
}

export function embeddedAuthResponse(error: EmbeddedAuthError): NextResponse {
  return NextResponse.json(
    { error: { code: "unauthorized", message: `${error.message} ${RELOAD_HINT}`, reload: true } },
    { status: 401, headers: { [RETRY_HEADER]: "1", "Cache-Control": "no-store" } },
  );
}

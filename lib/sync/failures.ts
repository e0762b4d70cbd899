// Turns whatever a sync threw into what the connection page and the admins are told.

export type Classified = { status: "needs_reauth" | "error"; code: string; message: string; retryable: boolean };

export function classifyFailure(error: unknown): Classified {
  const e = (error ?? {}) as { name?: string; message?: string; status?: number; code?: string; lineNumber?: number };
  const message = e.message ?? String(error);
  if (e.name === "ShopifyAuthError" || e.code === "needs_reauth" || e.status === 401 || e.status === 403) {
    return {
      status: "needs_reauth",
      code: "needs_reauth",
      message: "Shopify refused our access (the app was removed, or its token was revoked or expired). Reconnect the store to resume syncing.",
      retryable: false,
    };
  }
  if (e.name === "BulkParseError") {
    return { status: "error", code: "bad_payload", message: `Shopify sent a malformed export (${message}). The run stopped there; nothing after that line was written.`, retryable: false };
  }
  return { status: "error", code: e.code ?? "sync_failed", message, retryable: true };
}

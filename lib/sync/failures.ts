import { isConnectorError, type ConnectorError } from "@/lib/connectors/common/errors";
import { isProviderKey, PROVIDERS } from "@/lib/connectors/registry";

// Turns whatever a sync threw into what the connection page and the admins are told.

export type Classified = { status: "needs_reauth" | "error"; code: string; message: string; retryable: boolean };

/** The connection a failure happened on, so messages can name the platform and the account. */
export type FailedConnection = { provider: string; externalAccountId: string; displayName?: string };

/** Ad and analytics failures in words that say what happened and what to do. */
function classifyConnectorError(error: ConnectorError, connection?: FailedConnection): Classified {
  const key = connection?.provider ?? error.provider;
  const platform = isProviderKey(key) ? PROVIDERS[key] : { label: error.provider, company: error.provider, accountNoun: "account" };
  const account = `${platform.accountNoun} ${connection?.externalAccountId ?? "of this connection"}`;
  const detail = error.message ? ` (${error.message.replace(/\.$/, "")})` : "";
  switch (error.kind) {
    case "auth":
      return {
        status: "needs_reauth",
        code: "needs_reauth",
        message: `${platform.company} no longer accepts Signalboard's access (the token expired or was revoked). Reconnect ${platform.label} to resume syncing.`,
        retryable: false,
      };
    case "permission":
      return {
        status: "error",
        code: "permission_denied",
        message: `The connected user lost access to ${account} on ${platform.label}. Ask an account admin to restore access, or reconnect with a user who has it.`,
        retryable: false,
      };
    case "not_found":
      return {
        status: "error",
        code: "account_not_found",
        message: `The ${account} was deleted or is no longer visible on ${platform.label}. Reconnect and pick an account that still exists, or disconnect this one.`,
        retryable: false,
      };
    case "rate_limited":
      return { status: "error", code: "rate_limited", message: `${platform.label} asked us to slow down${detail}. The sync will be retried.`, retryable: true };
    case "transient":
      return { status: "error", code: "platform_unavailable", message: `${platform.label} could not be reached${detail}. The sync will be retried.`, retryable: true };
    case "bad_response":
      return { status: "error", code: "bad_response", message: error.message, retryable: false };
    case "bad_request":
      return { status: "error", code: "bad_request", message: `${platform.label} refused Signalboard's request${detail}.`, retryable: false };
  }
}

export function classifyFailure(error: unknown, connection?: FailedConnection): Classified {
  if (isConnectorError(error)) return classifyConnectorError(error, connection);
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

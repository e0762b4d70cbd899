import { isConnectorError, MALFORMED_EXPORT_LINE, type ConnectorError } from "@/lib/connectors/common/errors";
import { isProviderKey, PROVIDERS } from "@/lib/connectors/registry";

// Turns whatever a sync threw into what the connection page and the admins are told. Every
// platform's failures are ConnectorErrors, worded by their kind; only errors from elsewhere fall
// back to their code and status.

export type Classified = { status: "needs_reauth" | "error"; code: string; message: string; retryable: boolean };

/** The connection a failure happened on, so messages can name the platform and the account. */
export type FailedConnection = { provider: string; externalAccountId: string; displayName?: string };

const SHOPIFY_REAUTH_MESSAGE = "Shopify refused our access (the app was removed, or its token was revoked or expired). Reconnect the store to resume syncing.";

/** How a platform and the connected account are named to people. */
type Wording = { label: string; account: string; reauth: string };

function wordingFor(provider: string, connection?: FailedConnection): Wording {
  const id = connection?.externalAccountId ?? "of this connection";
  const platform = isProviderKey(provider) ? PROVIDERS[provider] : { label: provider, company: provider, accountNoun: "account", kind: null };
  // A store is reconnected by reinstalling the app, not by signing in again.
  if (platform.kind === "store") {
    const reauth = "reauth" in platform && platform.reauth ? platform.reauth : SHOPIFY_REAUTH_MESSAGE;
    return { label: platform.label, account: `${platform.accountNoun} ${id}`, reauth };
  }
  return {
    label: platform.label,
    account: `${platform.accountNoun} ${id}`,
    // A platform connected by a pasted key says how to paste a new one; OAuth platforms are reconnected.
    reauth: "reauth" in platform && platform.reauth
      ? platform.reauth
      : `${platform.company} no longer accepts Signalboard's access (the token expired or was revoked). Reconnect ${platform.label} to resume syncing.`,
  };
}

/** A platform's failure in words that say what happened and what to do. */
function classifyConnectorError(error: ConnectorError, connection?: FailedConnection): Classified {
  const platform = wordingFor(connection?.provider ?? error.provider, connection);
  const detail = error.message ? ` (${error.message.replace(/\.$/, "")})` : "";
  switch (error.kind) {
    case "auth":
      return { status: "needs_reauth", code: "needs_reauth", message: platform.reauth, retryable: false };
    case "permission":
      return {
        status: "error",
        code: "permission_denied",
        message: `The connected user lost access to ${platform.account} on ${platform.label}. Ask an account admin to restore access, or reconnect with a user who has it.`,
        retryable: false,
      };
    case "not_found":
      return {
        status: "error",
        code: "account_not_found",
        message: `The ${platform.account} was deleted or is no longer visible on ${platform.label}. Reconnect and pick an account that still exists, or disconnect this one.`,
        retryable: false,
      };
    case "rate_limited":
      return { status: "error", code: "rate_limited", message: `${platform.label} asked us to slow down${detail}. The sync will be retried.`, retryable: true };
    case "transient":
      return { status: "error", code: "platform_unavailable", message: `${platform.label} could not be reached${detail}. The sync will be retried.`, retryable: true };
    case "bad_response":
      // A bulk export is read line by line and committed as it goes: say where it stopped.
      if (error.providerCode === MALFORMED_EXPORT_LINE) {
        return {
          status: "error",
          code: "bad_payload",
          message: `${platform.label} sent a malformed export (${error.message}). The run stopped there; nothing after that line was written.`,
          retryable: false,
        };
      }
      return { status: "error", code: "bad_response", message: error.message, retryable: false };
    case "bad_request":
      return { status: "error", code: "bad_request", message: `${platform.label} refused Signalboard's request${detail}.`, retryable: false };
  }
}

export function classifyFailure(error: unknown, connection?: FailedConnection): Classified {
  if (isConnectorError(error)) return classifyConnectorError(error, connection);
  const e = (error ?? {}) as { message?: string; status?: number; code?: string };
  const message = e.message ?? String(error);
  // Not a platform's typed error: a refusal is still a refusal, and store connections are the ones
  // whose sources throw such errors.
  if (e.code === "needs_reauth" || e.status === 401 || e.status === 403) {
    return { status: "needs_reauth", code: "needs_reauth", message: SHOPIFY_REAUTH_MESSAGE, retryable: false };
  }
  return { status: "error", code: e.code ?? "sync_failed", message, retryable: true };
}

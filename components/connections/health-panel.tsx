import { isAdProvider } from "@/lib/connectors/registry";
import type { ConnectionHealthView } from "@/lib/connections/health";
import { ReconnectButton } from "./reconnect-button";

const TOKEN_TONES = { ok: "text-slate-900", expiring: "text-amber-800", expired: "text-red-700" } as const;

/** Token expiry, last success and last error in plain words, with Reconnect for admins of an ad or analytics connection. */
export function HealthPanel({ slug, connection, health, manage, timeZone }: {
  slug: string;
  connection: { id: string; provider: string; status: string; lastSuccessAt: Date | null; lastError: string | null; lastErrorAt: Date | null };
  health: ConnectionHealthView | undefined;
  manage: boolean;
  timeZone: string;
}) {
  const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone });
  const provider = connection.provider;
  const failing = connection.status === "error" || connection.status === "needs_reauth";
  const access = health?.demo
    ? "Demo account: nothing to expire"
    : health?.token
      ? health.token.text
      : isAdProvider(provider)
        ? "Renewed automatically"
        : "Managed by the store";
  return (
    <div className="space-y-3" data-testid="connection-health">
      <dl className="grid gap-3 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-500">Access</dt>
          <dd className={`font-medium ${health?.token ? TOKEN_TONES[health.token.state] : "text-slate-900"}`} data-testid="token-expiry">
            {access}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Last successful sync</dt>
          <dd data-testid="last-success">{connection.lastSuccessAt ? when.format(connection.lastSuccessAt) : "Not yet"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Last error</dt>
          <dd data-testid="last-error" className={failing && connection.lastError ? "text-red-700" : undefined}>
            {connection.lastError ? `${connection.lastError}${connection.lastErrorAt ? ` (${when.format(connection.lastErrorAt)})` : ""}` : "None"}
          </dd>
        </div>
      </dl>
      {manage && isAdProvider(provider) && health && !health.demo && connection.status !== "disconnected" ? (
        <ReconnectButton slug={slug} connectionId={connection.id} provider={provider} urgent={health.reconnect} />
      ) : null}
    </div>
  );
}

import type { ConnectionAttention } from "@/lib/connections/health";

/**
 * One strip under the header per connection that needs someone, linking to that connection (a
 * store's Reconnect lives on the connections list, where its shop address is asked for).
 */
export function AttentionBanner({ base, alert }: { base: string; alert: ConnectionAttention }) {
  const href = alert.provider === "shopify" && alert.reconnect ? `${base}/connections` : `${base}/connections/${alert.id}`;
  return (
    <div className="border-b border-amber-200 bg-amber-50" role="alert" data-testid="connection-banner">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm text-amber-900">
        <span>
          <strong>{alert.displayName}</strong> {alert.message}
        </span>
        <a href={href} className="font-medium underline">
          {alert.reconnect ? "Reconnect" : "View connection"}
        </a>
      </div>
    </div>
  );
}

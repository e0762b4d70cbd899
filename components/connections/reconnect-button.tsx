import { PROVIDERS } from "@/lib/connectors/registry";
import type { AdProvider } from "@/lib/connectors/contracts/ad-source";
import { flowOf, notConfiguredReason } from "@/lib/connections/oauth/flow";
import { ConnectButton } from "./connect-button";

/** Signs in to the platform again; the callback renews this connection's tokens rather than adding one. */
export function ReconnectButton({ slug, connectionId, provider, urgent }: { slug: string; connectionId: string; provider: AdProvider; urgent: boolean }) {
  const { label } = PROVIDERS[provider];
  return (
    <ConnectButton
      flow={flowOf(provider)}
      slug={slug}
      connectionId={connectionId}
      notConfigured={notConfiguredReason(provider, label)}
      variant={urgent ? "primary" : "secondary"}
    >
      Reconnect {label}
    </ConnectButton>
  );
}

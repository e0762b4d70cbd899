import { buttonClass, type ButtonVariant } from "@/components/ui/button";
import type { ButtonOAuthFlow } from "@/lib/connections/oauth/flow";

// A plain form post to /api/connect/{flow}: the route answers with a redirect to the platform's
// consent screen, which a server action could not follow across origins. When the server has no
// app credentials for the platform the button is disabled and says what an operator must set.

export function ConnectButton({ flow, slug, provider, connectionId, notConfigured, variant = "primary", children }: {
  flow: ButtonOAuthFlow;
  slug: string;
  provider?: string;
  /** Reconnect this connection instead of connecting a new account. */
  connectionId?: string;
  notConfigured: string | null;
  variant?: ButtonVariant;
  children: React.ReactNode;
}) {
  return (
    <form method="post" action={`/api/connect/${flow}`} className="space-y-2">
      <input type="hidden" name="workspace" value={slug} />
      {provider ? <input type="hidden" name="provider" value={provider} /> : null}
      {connectionId ? <input type="hidden" name="connection" value={connectionId} /> : null}
      <button type="submit" className={buttonClass(variant)} disabled={notConfigured !== null} aria-disabled={notConfigured !== null}>
        {children}
      </button>
      {notConfigured ? (
        <p className="text-sm text-slate-600" data-testid="not-configured">
          {notConfigured}
        </p>
      ) : null}
    </form>
  );
}

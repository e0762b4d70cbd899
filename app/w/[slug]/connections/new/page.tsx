import type { Metadata } from "next";
import Link from "next/link";
import { UpgradePrompts } from "@/components/billing/upgrade-prompt";
import { ConnectButton } from "@/components/connections/connect-button";
import { OAuthNotice } from "@/components/connections/oauth-notice";
import { Card, PageHeader } from "@/components/ui/card";
import { limitsReached } from "@/lib/billing/limits";
import { AD_PROVIDERS, PROVIDERS } from "@/lib/connectors/registry";
import { callbackPath, crmsWithSignIn, flowOf, notConfiguredReason } from "@/lib/connections/oauth/flow";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "Connect an account" };
export const dynamic = "force-dynamic";


export default async function NewConnectionPage({ params, searchParams }: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { workspace, role } = await requireWorkspacePage((await params).slug, "connections.manage");
  const reached = await limitsReached(workspace.id, ["otherConnections"]);
  const query = await searchParams;
  const appUrl = (process.env.APP_URL ?? "").replace(/\/+$/, "");
  return (
    <>
      <PageHeader
        title="Connect an account"
        description="You sign in to the platform and approve read-only access; Signalboard then loads up to two years of history and refreshes it every 10 minutes."
        actions={
          <Link href={`/w/${workspace.slug}/connections`} className="text-sm text-brand-600 hover:underline">
            ← All connections
          </Link>
        }
      />
      <div className="space-y-6">
        <OAuthNotice outcome={query.oauth} provider={query.provider} />
        <UpgradePrompts messages={reached} slug={workspace.slug} canBill={can(role, "billing.manage")} />
        <div className="grid gap-4 md:grid-cols-2">
          {AD_PROVIDERS.map((provider) => {
            const { title, summary: what } = PROVIDERS[provider];
            const notConfigured = notConfiguredReason(provider, PROVIDERS[provider].label);
            return (
              <div key={provider} data-testid="connect-choice">
                <Card title={title} description={what}>
                  <ConnectButton flow={flowOf(provider)} slug={workspace.slug} provider={provider} notConfigured={notConfigured}>
                    {`Connect ${title}`}
                  </ConnectButton>
                  {notConfigured ? (
                    <p className="mt-2 text-xs text-slate-500">{`Its app must also allow ${appUrl}${callbackPath(flowOf(provider))} as the OAuth redirect URL.`}</p>
                  ) : null}
                </Card>
              </div>
            );
          })}
        </div>
        <div className="grid gap-4 md:grid-cols-2">
          {crmsWithSignIn().map(({ provider, flow }) => {
            const { title, summary, label } = PROVIDERS[provider];
            const notConfigured = notConfiguredReason(provider, label);
            return (
              <div key={provider} data-testid="connect-crm-choice">
                <Card title={title} description={`${summary} Won deals count as offline revenue.`}>
                  <ConnectButton flow={flow} slug={workspace.slug} provider={provider} notConfigured={notConfigured}>
                    {`Connect ${label}`}
                  </ConnectButton>
                  {notConfigured ? (
                    <p className="mt-2 text-xs text-slate-500">{`Its integration must also allow ${appUrl}/api/connect/${flow}/callback as the redirect URI.`}</p>
                  ) : null}
                </Card>
              </div>
            );
          })}
        </div>
        <Card title="Shopify" description="Stores connect from the Connections page, with the store's myshopify.com address.">
          <Link href={`/w/${workspace.slug}/connections`} className="text-sm text-brand-600 hover:underline">
            Connect a Shopify store
          </Link>
        </Card>
      </div>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { ConnectButton } from "@/components/connections/connect-button";
import { OAuthNotice } from "@/components/connections/oauth-notice";
import { Card, PageHeader } from "@/components/ui/card";
import { PLATFORMS } from "@/lib/ads/providers";
import type { AdProvider } from "@/lib/connectors/contracts/ad-source";
import { callbackPath, FLOW_OF, notConfiguredReason } from "@/lib/connections/oauth/flow";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "Connect an account" };
export const dynamic = "force-dynamic";

const CHOICES: { provider: AdProvider; title: string; what: string }[] = [
  { provider: "google_ads", title: "Google Ads", what: "Daily cost, impressions, clicks, conversions and conversion value per campaign. Manager (MCC) accounts list their clients." },
  { provider: "meta_ads", title: "Meta Ads", what: "Daily spend, impressions, clicks, purchases and purchase value per campaign from Facebook and Instagram ads." },
  { provider: "tiktok_ads", title: "TikTok Ads", what: "Daily spend, impressions, clicks, conversions and conversion value per campaign, with today's figures by the hour." },
  { provider: "google_analytics", title: "Google Analytics 4", what: "Daily sessions, users, transactions and purchase revenue by channel group and source / medium." },
];

export default async function NewConnectionPage({ params, searchParams }: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { workspace } = await requireWorkspacePage((await params).slug, "connections.manage");
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
        <div className="grid gap-4 md:grid-cols-2">
          {CHOICES.map(({ provider, title, what }) => {
            const notConfigured = notConfiguredReason(provider, PLATFORMS[provider].label);
            return (
              <div key={provider} data-testid="connect-choice">
                <Card title={title} description={what}>
                  <ConnectButton flow={FLOW_OF[provider]} slug={workspace.slug} provider={provider} notConfigured={notConfigured}>
                    {`Connect ${title}`}
                  </ConnectButton>
                  {notConfigured ? (
                    <p className="mt-2 text-xs text-slate-500">{`Its app must also allow ${appUrl}${callbackPath(FLOW_OF[provider])} as the OAuth redirect URL.`}</p>
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

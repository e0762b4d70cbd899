import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { UpgradePrompts } from "@/components/billing/upgrade-prompt";
import { ConnectButton } from "@/components/connections/connect-button";
import type { ButtonOAuthFlow } from "@/lib/connections/oauth/flow";
import { HealthPanel } from "@/components/connections/health-panel";
import { OAuthNotice } from "@/components/connections/oauth-notice";
import { RunProgress } from "@/components/connections/run-progress";
import { StatusBadge } from "@/components/connections/status-badge";
import { ActionForm } from "@/components/ui/action-form";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/field";
import { limitsReached } from "@/lib/billing/limits";
import { PLANS, isPlanId } from "@/lib/billing/plans";
import { crmsWithOAuth, crmsWithPastedSecret, isAdProvider, missingEnv, isStoreProvider, PROVIDERS, providersWithApiKey, providersWithKeyPair } from "@/lib/connectors/registry";
import { connectionHealth } from "@/lib/connections/health";
import { providerLabel } from "@/lib/connectors/registry";
import { shopifyAppConfig } from "@/lib/connectors/shopify/oauth/config";
import { DEMO_SHOP_DOMAIN, listConnections } from "@/lib/connections/service";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { can } from "@/lib/tenancy/roles";
import { localDate } from "@/lib/time/zone";
import { syncNowAction } from "./actions";
import { ConnectApiKeyForm, ConnectCrmForm, ConnectDemoForm, ConnectKeyPairForm, ConnectShopifyForm, DisconnectForm, ResyncRangeForm, ShopLinkCodeForm } from "./connection-forms";

export const metadata: Metadata = { title: "Connections" };

export default async function ConnectionsPage({ params, searchParams }: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const manage = can(role, "connections.manage");
  const [connections, reached] = await Promise.all([listConnections(workspace.id), manage ? limitsReached(workspace.id, ["storeConnections", "otherConnections"]) : []]);
  const now = new Date();
  const health = await connectionHealth(workspace.id, { now, timeZone: workspace.timeZone });
  const query = await searchParams;
  const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: workspace.timeZone });
  const today = localDate(now, workspace.timeZone);
  const hasDemo = connections.some((c) => c.externalAccountId === DEMO_SHOP_DOMAIN && c.status !== "disconnected");
  const oauthReady = Boolean(shopifyAppConfig());
  const canBill = can(role, "billing.manage");
  const crms = crmsWithPastedSecret();
  const crmOf = (provider: string) => crms.find((crm) => crm.key === provider);

  return (
    <>
      <AutoRefresh active={connections.some((c) => c.activeRun)} />
      <PageHeader
        title="Connections"
        description="Stores and accounts Signalboard syncs from. Orders refresh every 10 minutes; the last 3 days are re-pulled daily."
        actions={
          manage ? (
            <Link href={`/w/${workspace.slug}/connections/new`} className={buttonClass("primary")}>
              Connect ads or analytics
            </Link>
          ) : null
        }
      />
      <div className="space-y-6">
        <OAuthNotice outcome={query.oauth} provider={query.provider} />
        <UpgradePrompts messages={reached} slug={workspace.slug} canBill={canBill} />
        {connections.length === 0 ? (
          <Card>
            <p className="py-6 text-center text-sm text-slate-600">Nothing is connected yet.{manage ? " Connect your Shopify store, or try the demo store." : ""}</p>
          </Card>
        ) : null}

        {connections.map((c) => (
          <Card key={c.id}>
            <div className="space-y-4" data-testid="connection">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div>
                  <div className="flex items-center gap-2">
                    <h2 className="text-base font-semibold">{c.displayName}</h2>
                    <StatusBadge status={c.activeRun && c.status !== "disconnected" ? "syncing" : c.status} />
                  </div>
                  <p className="text-sm text-slate-500">
                    {providerLabel(c.provider)} · {c.externalAccountId}
                    {c.timeZone ? ` · ${c.timeZone}` : ""}
                    {c.currency ? ` · ${c.currency}` : ""}
                  </p>
                </div>
                <Link href={`/w/${workspace.slug}/connections/${c.id}`} className="text-sm text-brand-600 hover:underline">
                  {isAdProvider(c.provider) ? "Health and sync history" : "Sync history"}
                </Link>
              </div>
              <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
                {isStoreProvider(c.provider) ? (
                  <div>
                    <dt className="text-slate-500">Orders synced</dt>
                    <dd className="font-medium" data-testid="orders-synced">{c.orders.toLocaleString("en")}</dd>
                  </div>
                ) : null}
                {!isAdProvider(c.provider) ? (
                  <div>
                    <dt className="text-slate-500">Last success</dt>
                    <dd>{c.lastSuccessAt ? when.format(c.lastSuccessAt) : "Not yet"}</dd>
                  </div>
                ) : null}
                <div>
                  <dt className="text-slate-500">Next sync</dt>
                  <dd>{c.status === "disconnected" ? "Stopped" : c.planPausedAt ? "Paused" : c.nextSyncAt ? when.format(c.nextSyncAt) : c.activeRun ? "After this run" : "Not scheduled"}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">Connected</dt>
                  <dd>{when.format(c.createdAt)}</dd>
                </div>
              </dl>
              {isAdProvider(c.provider) ? (
                <HealthPanel slug={workspace.slug} connection={c} health={health.get(c.id)} manage={manage} timeZone={workspace.timeZone} />
              ) : null}
              {c.planPausedAt ? (
                <div role="status" data-testid="plan-paused" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
                  <p className="font-medium">Paused: over the {isPlanId(c.planPausedUnder) ? PLANS[c.planPausedUnder].name : "current"} plan&apos;s limit</p>
                  <p>
                    It does not sync since {when.format(c.planPausedAt)}; what it synced stays in your reports.{" "}
                    {canBill ? (
                      <>
                        To resume it, upgrade or choose which connections stay under{" "}
                        <Link href={`/w/${workspace.slug}/settings/billing`} className="font-medium underline">
                          Settings, Billing
                        </Link>
                        .
                      </>
                    ) : (
                      "An owner can resume it by upgrading, or by choosing which connections stay, under Settings, Billing."
                    )}
                  </p>
                </div>
              ) : null}
              {c.activeRun ? <RunProgress run={c.activeRun} now={now} /> : null}
              {c.lastError && c.status !== "active" && !isAdProvider(c.provider) ? (
                <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="alert">
                  {c.lastError}
                </p>
              ) : null}
              {manage && c.status !== "disconnected" ? (
                <div className="flex flex-col gap-4 border-t border-slate-100 pt-4">
                  <div className="flex flex-wrap items-center gap-3">
                    {c.status === "needs_reauth" && c.provider === "shopify" && c.externalAccountId !== DEMO_SHOP_DOMAIN ? (
                      <a className={buttonClass("primary")} href={`/api/connect/shopify?workspace=${workspace.slug}&shop=${c.externalAccountId}`}>
                        Reconnect
                      </a>
                    ) : null}
                    {c.planPausedAt ? null : (
                      <ActionForm action={syncNowAction} hidden={{ slug: workspace.slug, connectionId: c.id }}>
                        <SubmitButton variant="secondary" pendingLabel="Starting…">
                          Sync now
                        </SubmitButton>
                      </ActionForm>
                    )}
                  </div>
                  {c.status === "needs_reauth" && (providersWithKeyPair() as string[]).includes(c.provider) ? (
                    <div>
                      <p className="mb-2 text-sm text-slate-600">Paste a new key pair with read access to resume syncing.</p>
                      <ConnectKeyPairForm slug={workspace.slug} provider={c.provider} label={providerLabel(c.provider)} />
                    </div>
                  ) : null}
                  {c.status === "needs_reauth" && (providersWithApiKey() as string[]).includes(c.provider) ? (
                    <div>
                      <p className="mb-2 text-sm text-slate-600">Paste a new private API key with read access to resume syncing.</p>
                      <ConnectApiKeyForm slug={workspace.slug} provider={c.provider} label={providerLabel(c.provider)} />
                    </div>
                  ) : null}
                  {c.status === "needs_reauth" && crmOf(c.provider) ? (
                    <div>
                      <p className="mb-2 text-sm text-slate-600">{`Paste a new ${crmOf(c.provider)!.fieldLabel.toLowerCase()} to resume syncing.`}</p>
                      <ConnectCrmForm slug={workspace.slug} provider={c.provider} label={crmOf(c.provider)!.label} field={crmOf(c.provider)!.field} fieldLabel={crmOf(c.provider)!.fieldLabel} />
                    </div>
                  ) : null}
                  {c.planPausedAt || crmOf(c.provider) ? null : <ResyncRangeForm slug={workspace.slug} connectionId={c.id} today={today} />}
                  <DisconnectForm
                    slug={workspace.slug}
                    connectionId={c.id}
                    name={c.displayName}
                    data={crmOf(c.provider) ? "its deals, stages and offline orders" : undefined}
                  />
                </div>
              ) : null}
            </div>
          </Card>
        ))}

        {manage ? (
          <Card title="Connect a Shopify store" description="You approve read-only access to orders, products, customers and inventory costs in Shopify.">
            {oauthReady ? (
              <ConnectShopifyForm slug={workspace.slug} />
            ) : (
              <p className="text-sm text-slate-600">
                This server has no Shopify app credentials yet (SHOPIFY_API_KEY and SHOPIFY_API_SECRET), so only the demo store can be
                connected.
              </p>
            )}
            {!hasDemo ? (
              <div className="mt-5 border-t border-slate-100 pt-4">
                <p className="mb-3 text-sm text-slate-600">
                  No store at hand? The demo store is a generated shop with two years of realistic orders, served through the same sync engine.
                </p>
                <ConnectDemoForm slug={workspace.slug} />
              </div>
            ) : null}
          </Card>
        ) : null}
        {manage && oauthReady ? (
          <Card
            title="Link a Shopify admin install"
            description="Installed Signalboard from the Shopify App Store? Make a code here and paste it into the app inside your Shopify admin: the shop then opens this workspace instead of a new one. One workspace holds one shop."
          >
            <ShopLinkCodeForm slug={workspace.slug} />
          </Card>
        ) : null}
        {manage
          ? providersWithKeyPair().map((provider) => (
              <Card
                key={provider}
                title={`Connect a ${PROVIDERS[provider].label} store`}
                description={`In ${PROVIDERS[provider].label}, make a REST API key with Read permission (Settings › Advanced › REST API) and paste it here with the store's address. Signalboard checks it against the store before saving anything, and keeps the keys encrypted.`}
              >
                <ConnectKeyPairForm slug={workspace.slug} provider={provider} label={PROVIDERS[provider].label} />
                {PROVIDERS[provider].flow ? (
                  <form method="get" action={`/api/connect/${PROVIDERS[provider].flow}`} className="mt-5 space-y-3 border-t border-slate-100 pt-4">
                    <p className="text-sm text-slate-600">Or approve read access in your store&apos;s admin, which makes the keys for you.</p>
                    <input type="hidden" name="workspace" value={workspace.slug} />
                    <TextField label="Store address" id={`${provider}-authorize-store`} name="store" placeholder="https://shop.example.com" required />
                    <button type="submit" className={buttonClass("secondary")}>{`Approve in ${PROVIDERS[provider].label}`}</button>
                  </form>
                ) : null}
              </Card>
            ))
          : null}
        {manage
          ? providersWithApiKey().map((provider) => (
              <Card
                key={provider}
                title={`Connect ${PROVIDERS[provider].label}`}
                description={`In ${PROVIDERS[provider].label}, make a private API key with read access (Settings › API keys) and paste it here. Signalboard checks it before saving anything, keeps it encrypted, and measures your campaigns and flows without rewriting their links.`}
              >
                <ConnectApiKeyForm slug={workspace.slug} provider={provider} label={PROVIDERS[provider].label} />
              </Card>
            ))
          : null}
        {manage
          ? crms.map((crm) => (
              <Card
                key={crm.key}
                title={`Connect ${crm.label}`}
                description={`Deals and their pipeline stages, won deals as offline revenue. ${crm.hint} Signalboard checks it before saving anything and keeps it encrypted.`}
              >
                <ConnectCrmForm slug={workspace.slug} provider={crm.key} label={crm.label} field={crm.field} fieldLabel={crm.fieldLabel} />
              </Card>
            ))
          : null}
        {manage
          ? crmsWithOAuth().map((crm) => {
              const missing = missingEnv(crm.key);
              return (
                <Card key={crm.key} title={`Connect ${crm.label}`} description={`Deals and their pipeline stages, won deals as offline revenue. You approve read access in ${crm.label}.`}>
                  <ConnectButton
                    flow={crm.flow as ButtonOAuthFlow}
                    slug={workspace.slug}
                    provider={crm.key}
                    notConfigured={missing.length > 0 ? `This server has no ${crm.label} app credentials yet (${missing.join(" and ")}).` : null}
                  >
                    {`Connect ${crm.label}`}
                  </ConnectButton>
                </Card>
              );
            })
          : null}
      </div>
    </>
  );
}


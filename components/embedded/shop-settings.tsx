"use client";

import type { EmbeddedSettings } from "@/lib/embedded/settings";
import { LinkShopForm } from "./link-shop";
import { PBadge, PSection, PTable } from "./polaris";
import { EmbeddedFailure, WithSession } from "./session";
import { EmbeddedPage } from "./shell";
import { useEmbedded } from "./use-embedded";

// The workspace's settings inside the admin, read only: the shop's time zone and currency, how
// attribution and the sales metrics are computed, and who the members are. Changing them is the
// standalone app's settings pages' work (a change rebuilds history, which wants its own screen).

const REVENUE_BASIS = { order_date: "On the order's date", transaction_date: "On the refund's date" } as const;
const SESSIONS = { ga4: "Google Analytics 4", tracking: "Signalboard tracking" } as const;

function Facts({ rows, testId }: { rows: [string, React.ReactNode][]; testId?: string }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-2" data-testid={testId}>
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt className="text-xs text-[#616161]">{label}</dt>
          <dd className="text-sm">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function SettingsBody({ owner }: { owner: boolean }) {
  const answer = useEmbedded<EmbeddedSettings>("/api/embedded/settings");
  if (answer.error && !answer.data) return <EmbeddedFailure message={answer.error} />;
  const settings = answer.data;
  if (!settings) return <div className="embedded-card embedded-placeholder h-64" aria-hidden />;
  const { attribution, metrics } = settings;
  return (
    <div className="space-y-4">
      <PSection heading="Store" testId="embedded-settings-store">
        <Facts
          rows={[
            ["Shop", settings.shop],
            ["Time zone", <span key="zone" data-testid="embedded-time-zone">{settings.workspace.timeZone}</span>],
            ["Currency", <span key="currency" data-testid="embedded-currency">{settings.workspace.currency}</span>],
          ]}
        />
        <p className="mt-3 text-sm text-[#616161]">Days and money are reported in the shop&apos;s time zone and currency, as Shopify gave them when Signalboard was installed.</p>
      </PSection>
      <PSection heading="Attribution" testId="embedded-settings-attribution">
        <Facts
          rows={[
            ["Default model", attribution.defaultModelLabel],
            ["Lookback window", `${attribution.defaultWindowDays} days`],
            ["Time decay half-life", `${attribution.halfLifeDays} days`],
            ["Position-based shares", `${Math.round(attribution.positionBased.first * 100)}% first, ${Math.round(attribution.positionBased.last * 100)}% last`],
          ]}
        />
      </PSection>
      <PSection heading="Sales metrics" testId="embedded-settings-metrics">
        <Facts
          rows={[
            ["Returns counted", REVENUE_BASIS[metrics.revenueBasis]],
            ["Sessions from", metrics.sessionsSource ? SESSIONS[metrics.sessionsSource] : `Automatic (now ${SESSIONS[metrics.sessionsSourceNow]})`],
            ["Line items left out", metrics.excludedLineItems.length ? metrics.excludedLineItems.map((m) => `${m.field === "sku" ? "SKU" : "Title"} "${m.value}"`).join(", ") : "None"],
          ]}
        />
        <p className="mt-3 text-sm text-[#616161]">
          {settings.mayManage ? "Change these in Signalboard's settings: a change recomputes your history." : "Admins change these in Signalboard's settings."}
        </p>
      </PSection>
      <PSection heading="Members" testId="embedded-settings-members">
        {settings.members.length === 0 ? (
          <p className="text-sm text-[#616161]">Nobody has joined yet.</p>
        ) : (
          <PTable
            caption="Members"
            columns={[{ label: "Name" }, { label: "Email" }, { label: "Role" }]}
            rows={settings.members.map((m, i) => ({
              key: `${i}:${m.email}`,
              cells: [m.you ? `${m.name ?? "You"} (you)` : (m.name ?? "Unnamed"), m.email, <PBadge key="role" tone={m.role === "owner" ? "info" : "neutral"}>{m.roleLabel}</PBadge>],
            }))}
          />
        )}
        <p className="mt-3 text-sm text-[#616161]">Staff of the shop join as members the first time they open Signalboard here.</p>
      </PSection>
      {owner ? (
        <LinkShopForm intro="Already use Signalboard? An owner or admin of your workspace makes a link code there (Connections, Link a Shopify admin install); paste it here and this shop opens that workspace instead. This workspace, made for the shop at install, is then removed: its store data loads again there." />
      ) : null}
    </div>
  );
}

export function EmbeddedSettingsView() {
  return (
    <EmbeddedPage title="Settings">
      <WithSession placeholder={<div className="embedded-card embedded-placeholder h-64" aria-hidden />}>{(session) => <SettingsBody owner={session.role === "owner"} />}</WithSession>
    </EmbeddedPage>
  );
}

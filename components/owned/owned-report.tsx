import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import type { TOwnedReport, TOwnedReportRow } from "@/lib/owned/report/report";
import { FolderOptions } from "./folder-options";

// The owned-channel report's filters (a plain GET form: works without script and by keyboard),
// its table and the converting orders of a campaign.

export const pct = (rate: number | null) => (rate === null ? "n/a" : `${(rate * 100).toFixed(1)}%`);
const BLOCK_LABELS: Record<string, string> = { quiet_hours: "quiet hours", frequency_cap: "frequency cap", no_consent: "no consent", bad_address: "bad address", other: "other" };

export const OWNED_RULES = [
  "Figures belong to the sends of the range, by their send day in the workspace's time zone; test sends are left out and blocked sends are never sends.",
  "Opens (email): sends whose open pixel loaded for a person, or that had a human click (images blocked). Privacy proxies and scanners that fetch on delivery are counted apart as machine opens and clicks.",
  "Human clicks: a tracked click counts only if the same visitor viewed a page or sent an event between 2 minutes before and 5 minutes after it.",
  "Conversions: an order goes to its customer's most recent human click, else most recent open, in the 24 hours before it (click- and open-conversions, one of each kept), and to the session it came in when that session started from a tracked link. Rates are per unique open, per human click, and per human click for sessions. Recent orders are re-attributed hourly.",
  "Member or anonymous is read now: a conversion is a member's when its visitor resolves to a known customer, anonymous when it has none or only an anonymous (headless) one, a store customer with no email and no phone.",
];

export function OwnedReportFilters({ action, dateFrom, dateTo, channel, folder, folders, channels, campaign }: {
  action: string; dateFrom: string; dateTo: string; channel: string; folder: string; folders: { id: string; name: string }[]; channels: readonly string[]; campaign: string | null;
}) {
  const field = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm sm:w-auto";
  return (
    <form action={action} method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter the owned-channel report">
      {campaign ? <input type="hidden" name="campaign" value={campaign} /> : null}
      <label className="w-full text-sm text-slate-700 sm:w-auto">
        Channel
        <select name="channel" defaultValue={channel} className={field}>
          <option value="">All channels</option>
          {channels.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      {folders.length > 0 ? (
        <label className="w-full text-sm text-slate-700 sm:w-auto">
          Folder
          <select name="folder" defaultValue={folder} className={field}>
            <FolderOptions folders={folders} blank="All folders" />
          </select>
        </label>
      ) : null}
      <label className="w-full text-sm text-slate-700 sm:w-auto">
        Sent from
        <input type="date" name="date_from" defaultValue={dateFrom} className={field} />
      </label>
      <label className="w-full text-sm text-slate-700 sm:w-auto">
        To
        <input type="date" name="date_to" defaultValue={dateTo} className={field} />
      </label>
      <button type="submit" className={buttonClass("primary")}>
        Apply
      </button>
    </form>
  );
}

/** The opens (email only) and clicks cells of a row, each count over its rate. */
export function OpensAndClicks({ row }: { row: { channel: string; opens: number; open_rate: number | null; clicks: number; click_rate: number | null } }) {
  return (
    <>
      <td className="py-2 pr-4 text-right tabular-nums">
        {row.channel === "email" ? (
          <>
            {row.opens}
            <div className="text-xs text-slate-500">{pct(row.open_rate)}</div>
          </>
        ) : (
          "n/a"
        )}
      </td>
      <td className="py-2 pr-4 text-right tabular-nums">
        {row.clicks}
        <div className="text-xs text-slate-500">{pct(row.click_rate)}</div>
      </td>
    </>
  );
}

function Conversion({ figures }: { figures: TOwnedReportRow["conversions"]["open"] }) {
  return (
    <>
      <span className="font-medium">{figures.count}</span> <span className="text-slate-500">({pct(figures.rate)})</span>
      <br />
      <span className="text-slate-600">{figures.revenue}</span>
      <br />
      <span className="text-xs text-slate-500">
        {figures.member} member · {figures.anonymous} anon.
      </span>
    </>
  );
}

export function OwnedReportTable({ report, hrefFor }: { report: TOwnedReport; hrefFor: (row: TOwnedReportRow) => string | null }) {
  const byTemplate = report.group_by === "template";
  return (
    <DataTable
      columns={[
        { label: byTemplate ? "Message" : "Campaign or flow" }, { label: "Sends", align: "right" }, { label: "Delivered", align: "right" },
        { label: "Blocked", align: "right" }, { label: "Opens", align: "right" }, { label: "Human clicks", align: "right" },
        { label: "Machine", align: "right" }, { label: "Open conv.", align: "right" }, { label: "Click conv.", align: "right" },
        { label: "Session conv.", align: "right" }, { label: "Unsub. / compl.", align: "right" },
      ]}
    >
      {report.rows.map((r) => {
        const href = hrefFor(r);
        const name = byTemplate ? (r.template ?? r.campaign) : r.campaign;
        return (
          <tr key={`${r.channel}-${r.campaign_id}-${r.template_id ?? ""}`} className="align-top">
            <td className="py-2 pr-4">
              {href ? (
                <a href={href} className="font-medium text-sky-700 underline-offset-2 hover:underline">
                  {name}
                </a>
              ) : (
                <span className="font-medium">{name}</span>
              )}
              <div className="text-xs text-slate-500">
                {r.channel} · {r.kind}
              </div>
            </td>
            <td className="py-2 pr-4 text-right tabular-nums">{r.sends}</td>
            <td className="py-2 pr-4 text-right tabular-nums">
              {r.delivered}
              <div className="text-xs text-slate-500">{pct(r.delivery_rate)}</div>
            </td>
            <td className="py-2 pr-4 text-right tabular-nums">
              {r.blocked}
              {Object.entries(r.blocked_by_reason).map(([reason, n]) => (
                <div key={reason} className="text-xs text-slate-500">
                  {BLOCK_LABELS[reason] ?? reason}: {n}
                </div>
              ))}
            </td>
            <OpensAndClicks row={r} />
            <td className="py-2 pr-4 text-right text-xs tabular-nums text-slate-600">
              {r.machine_opens} opens
              <br />
              {r.machine_clicks} clicks
            </td>
            <td className="py-2 pr-4 text-right tabular-nums"><Conversion figures={r.conversions.open} /></td>
            <td className="py-2 pr-4 text-right tabular-nums"><Conversion figures={r.conversions.click} /></td>
            <td className="py-2 pr-4 text-right tabular-nums"><Conversion figures={r.conversions.session} /></td>
            <td className="py-2 pr-4 text-right tabular-nums">
              {r.unsubscribes} / {r.complaints}
              <div className="text-xs text-slate-500">{pct(r.unsubscribe_rate)}</div>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

export function ConverterTable({ converters, profileHref }: {
  converters: { order_id: string; order: string; ordered_at: string; kind: string; template: string | null; revenue: string; status: string; customer_id: string | null }[];
  profileHref: (customerId: string) => string;
}) {
  return (
    <DataTable columns={[{ label: "Order" }, { label: "Ordered" }, { label: "Through" }, { label: "Message" }, { label: "Customer" }, { label: "Revenue", align: "right" }]}>
      {converters.map((c) => (
        <tr key={`${c.order_id}-${c.kind}`}>
          <td className="py-2 pr-4 font-medium">{c.order}</td>
          <td className="py-2 pr-4 text-slate-600">{c.ordered_at.slice(0, 16).replace("T", " ")} UTC</td>
          <td className="py-2 pr-4">{c.kind}</td>
          <td className="py-2 pr-4 text-slate-600">{c.template ?? "—"}</td>
          <td className="py-2 pr-4">
            {c.customer_id ? (
              <a href={profileHref(c.customer_id)} className="text-sky-700 underline-offset-2 hover:underline">
                member
              </a>
            ) : (
              "anonymous"
            )}
          </td>
          <td className="py-2 pr-4 text-right tabular-nums">{c.revenue}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The rules a page's figures follow, stated beside them. */
export function CountingRules({ rules }: { rules: readonly string[] }) {
  return (
    <Card title="How these figures are counted">
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
        {rules.map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ul>
    </Card>
  );
}

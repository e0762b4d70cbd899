import type { Metadata } from "next";
import Link from "next/link";
import { segmentLabel } from "@/components/activity/segment-words";
import { TagMovement } from "@/components/activity/tag-movement";
import { CustomersNav } from "@/components/customers/customers-nav";
import { BadQueryPage } from "@/components/ui/bad-query";
import { Card, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { isRfmSegment, movedPeople, segmentMovement, segmentSizes, MOVED_PEOPLE_LIMIT, type TSegmentOrNone } from "@/lib/activity/segments";
import { customerIdOf } from "@/lib/customers/customer-id";
import { formatFixed, parseDecimal } from "@/lib/metrics/definitions/decimal";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "Segments" };

type SearchParams = Record<string, string | string[] | undefined>;

const SIDES: TSegmentOrNone[] = ["champions", "loyal", "promising", "needs_attention", "at_risk", "hibernating", "lost", "none"];
const isSide = (value: unknown): value is TSegmentOrNone => value === "none" || isRfmSegment(value);

/** The movement cell a link asked for: none, a valid one, or a message naming the bad parameter. */
function chosenCell(query: SearchParams): { cell: { from: TSegmentOrNone; to: TSegmentOrNone } | null; error?: string } {
  const { from, to } = query;
  if (from === undefined && to === undefined) return { cell: null };
  if (!isSide(from)) return { cell: null, error: `from must be one of ${SIDES.join(", ")}.` };
  if (!isSide(to)) return { cell: null, error: `to must be one of ${SIDES.join(", ")}.` };
  return { cell: { from, to } };
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const money = (amount: string, currency: string) => `${formatFixed(parseDecimal(amount), 2)} ${currency}`;

export default async function SegmentsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const base = `/w/${workspace.slug}`;
  const header = (
    <PageHeader
      title="Segments"
      description="Customers by RFM segment (recency, frequency and monetary quintiles), and how they moved between segments this month."
      actions={<CustomersNav slug={workspace.slug} current="customers/segments" only={["customers", "customers/tags", "audiences"]} />}
    />
  );
  const { cell, error } = chosenCell(await searchParams);
  if (error) return <BadQueryPage header={header} message={error} resetHref={`${base}/customers/segments`} resetLabel="Show the segments" />;

  const [sizes, movement] = await Promise.all([segmentSizes(workspace.id), segmentMovement(workspace.id, workspace.timeZone)]);
  const total = sizes.reduce((n, s) => n + s.people, 0);
  if (total === 0 && movement.moves.length === 0) {
    return (
      <div className="space-y-6">
        {header}
        <Card title="No segments yet">
          <p className="text-sm text-slate-600" data-testid="segments-empty">
            Segments appear once customers have orders and activity scores have been computed (after each ingest and nightly).{" "}
            <Link href={`${base}/settings/activity`} className="text-brand-700 hover:underline">Activity settings</Link>
          </p>
        </Card>
      </div>
    );
  }
  const count = (from: TSegmentOrNone, to: TSegmentOrNone) => movement.moves.find((m) => m.from === from && m.to === to)?.people ?? 0;
  const rows = SIDES.filter((from) => SIDES.some((to) => count(from, to) > 0));
  const columns = SIDES.filter((to) => SIDES.some((from) => count(from, to) > 0));
  const people = cell ? await movedPeople(workspace.id, workspace.timeZone, cell) : [];

  return (
    <div className="space-y-6">
      {header}
      <Card title="Segment sizes" description={`${total.toLocaleString("en")} customers with a segment. Net sales are each segment's customers' net sales to date.`}>
        <DataTable columns={[{ label: "Segment" }, { label: "Customers", align: "right" }, { label: "Share", align: "right" }, { label: "Net sales", align: "right" }]}>
          {sizes.map((s) => (
            <tr key={s.segment} data-testid="segment-size">
              <td className="py-2 pr-4 font-medium text-slate-900">{segmentLabel(s.segment)}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{s.people.toLocaleString("en")}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{percent(s.share)}</td>
              <td className="py-2 pr-4 text-right tabular-nums whitespace-nowrap">{money(s.netSales, workspace.currency)}</td>
            </tr>
          ))}
        </DataTable>
      </Card>

      <Card
        title="Movement this month"
        description={`From each customer's segment at the start of ${movement.monthStart.slice(0, 7)} (rows) to today's (columns), days in ${workspace.timeZone}. Open a cell to see its customers.`}
      >
        {rows.length === 0 ? (
          <p className="py-4 text-sm text-slate-600" data-testid="movement-empty">Nobody has a segment yet this month.</p>
        ) : (
          <div className="overflow-x-auto" data-testid="movement-table">
            <table className="text-sm">
              <caption className="sr-only">Customers by segment at the start of the month (rows) and today (columns)</caption>
              <thead className="text-xs text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-3 text-left font-medium">From \ to</th>
                  {columns.map((to) => (
                    <th key={to} scope="col" className="px-2 py-2 text-right font-medium whitespace-nowrap">{segmentLabel(to)}</th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((from) => (
                  <tr key={from}>
                    <th scope="row" className="py-2 pr-3 text-left font-medium whitespace-nowrap text-slate-900">{segmentLabel(from)}</th>
                    {columns.map((to) => {
                      const n = count(from, to);
                      const chosen = cell?.from === from && cell.to === to;
                      return (
                        <td key={to} className={`px-2 py-2 text-right tabular-nums ${from === to ? "bg-slate-50" : ""} ${chosen ? "ring-2 ring-inset ring-brand-600" : ""}`}>
                          {n === 0 ? (
                            <span className="text-slate-400">0</span>
                          ) : (
                            <Link
                              href={`${base}/customers/segments?from=${from}&to=${to}#moved`}
                              className="text-brand-700 hover:underline"
                              aria-label={`${n} from ${segmentLabel(from)} to ${segmentLabel(to)}`}
                              data-testid={`move-${from}-${to}`}
                            >
                              {n.toLocaleString("en")}
                            </Link>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      {cell ? (
        <section id="moved">
          <Card
            title={`${segmentLabel(cell.from)} → ${segmentLabel(cell.to)}`}
            description={`The first ${MOVED_PEOPLE_LIMIT} customers of this cell. Tag all of them as they are today, or make a rule tag on the RFM segment to keep a list up to date.`}
          >
            {people.length > 0 && can(role, "dashboards.edit") ? (
              <div className="mb-4">
                <TagMovement
                  key={`${cell.from}-${cell.to}`}
                  slug={workspace.slug}
                  from={cell.from}
                  to={cell.to}
                  people={count(cell.from, cell.to)}
                  suggestedName={`${segmentLabel(cell.from)} → ${segmentLabel(cell.to)}, ${movement.today.slice(0, 7)}`}
                />
              </div>
            ) : null}
            {people.length === 0 ? (
              <p className="py-4 text-sm text-slate-600" data-testid="moved-empty">Nobody moved this way this month.</p>
            ) : (
              <DataTable columns={[{ label: "Customer" }, { label: "Orders", align: "right" }, { label: "Net sales", align: "right" }]}>
                {people.map((p) => (
                  <tr key={p.personKey} data-testid="moved-person">
                    <td className="py-2 pr-4">
                      {p.orders !== null ? (
                        <Link href={`${base}/customers/${customerIdOf(p.personKey)}`} className="font-mono text-xs text-brand-700 hover:underline">
                          {customerIdOf(p.personKey).slice(0, 12)}…
                        </Link>
                      ) : (
                        <span className="font-mono text-xs text-slate-600">{customerIdOf(p.personKey).slice(0, 12)}…</span>
                      )}
                    </td>
                    <td className="py-2 pr-4 text-right tabular-nums">{p.orders ?? "–"}</td>
                    <td className="py-2 pr-4 text-right tabular-nums whitespace-nowrap">{p.netSales === null ? "–" : money(p.netSales, workspace.currency)}</td>
                  </tr>
                ))}
              </DataTable>
            )}
          </Card>
        </section>
      ) : null}
    </div>
  );
}

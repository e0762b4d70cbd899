import type { Metadata } from "next";
import { HistoryNote } from "@/components/billing/upgrade-prompt";
import { ExceptionFilters, ExceptionTable } from "@/components/exceptions/exception-list";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { BadQueryPage } from "@/components/ui/bad-query";
import { Notice } from "@/components/ui/notice";
import { Pager } from "@/components/ui/pager";
import { AppError } from "@/lib/errors";
import { listExceptionOrders, workspaceToday } from "@/lib/exceptions/list";
import { MAX_OFFSET, parseExceptionListQuery, type ExceptionListQuery } from "@/lib/exceptions/query";
import { EXCEPTION_REASONS, REASON_LABELS } from "@/lib/exceptions/reasons";
import { searchParamsOf, type PageSearch } from "@/lib/page-search";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "Exception orders" };

function queryString(query: ExceptionListQuery, changes: Partial<Record<"offset" | "format", string>> = {}): string {
  const params = new URLSearchParams({ date_from: query.dateFrom, date_to: query.dateTo });
  if (query.reasons.length > 0) params.set("reason", query.reasons.join(","));
  if (query.statuses.length > 0) params.set("status", query.statuses.join(","));
  for (const [name, value] of Object.entries(changes)) params.set(name, value);
  return params.toString();
}

export default async function ExceptionsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<PageSearch> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const base = `/w/${workspace.slug}/exceptions`;
  const header = (
    <PageHeader
      title="Exception orders"
      description="Orders that need a look: cancelled, payment failed or pending over 24 hours, high fraud risk, refunded in full within 24 hours, a zero total with items, or a total far from its lines."
    />
  );
  let query: ExceptionListQuery;
  let list;
  try {
    query = parseExceptionListQuery(searchParamsOf(await searchParams), await workspaceToday(workspace.id));
    list = await listExceptionOrders(workspace.id, query);
  } catch (error) {
    // A range wholly older than the plan shows is refused (402) with the plan's note.
    if (!(error instanceof AppError) || (error.code !== "bad_request" && error.code !== "payment_required")) throw error;
    return <BadQueryPage header={header} message={error.message} resetHref={base} resetLabel="Show the last 30 days" />;
  }
  const { orders, total, limit, offset } = list;
  const reasons = EXCEPTION_REASONS.map((value) => ({ value, label: REASON_LABELS[value] }));

  return (
    <div className="space-y-6">
      {header}
      <HistoryNote note={list.history_note} slug={workspace.slug} canBill={can(role, "billing.manage")} />
      <Card>
        <div className="space-y-4">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <ExceptionFilters action={base} reasons={reasons} reason={query.reasons.join(",")} dateFrom={query.dateFrom} dateTo={query.dateTo} />
            <a href={`/api/v1/workspaces/${workspace.slug}/exception-orders?${queryString(query, { format: "csv" })}`} className={buttonClass("secondary")} download>
              Export CSV
            </a>
          </div>
          {orders.length === 0 ? (
            <Notice>No exception orders in this range.</Notice>
          ) : (
            <ExceptionTable orders={orders} labels={REASON_LABELS} />
          )}
          <Pager offset={offset} shown={orders.length} total={total} limit={limit} maxOffset={MAX_OFFSET} noun="orders" hrefFor={(at) => `${base}?${queryString(query, { offset: String(at) })}`} />
        </div>
      </Card>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { HistoryNote } from "@/components/billing/upgrade-prompt";
import { ActiveFilters, CustomerSearch } from "@/components/customers/customer-filters";
import { CustomersNav } from "@/components/customers/customers-nav";
import { CustomerTable, type SortLink } from "@/components/customers/customer-table";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { BadQueryPage } from "@/components/ui/bad-query";
import { Notice } from "@/components/ui/notice";
import { Pager } from "@/components/ui/pager";
import { hasCustomers, listCustomers } from "@/lib/customers/list";
import { customerListSearchParams, MAX_OFFSET, parseCustomerListQuery, type CustomerListQuery, type CustomerSort } from "@/lib/customers/query";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "Customers" };

type SearchParams = Record<string, string | string[] | undefined>;

function toParams(searchParams: SearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(searchParams)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(name, v);
  }
  return params;
}

function filterLabels(query: CustomerListQuery): string[] {
  const labels: string[] = [];
  if (query.cohort) {
    const { cohort, grain, activeOffset } = query.cohort;
    labels.push(`${grain[0]!.toUpperCase()}${grain.slice(1)} cohort of ${cohort}`);
    if (activeOffset !== null) labels.push(`ordered in ${grain} ${activeOffset}`);
  }
  if (query.segment) labels.push(`${query.segment.segment.replace("_", " ")}: ${query.segment.value}`);
  if (query.search) labels.push(`search: ${query.search}`);
  return labels;
}

export default async function CustomersPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const base = `/w/${workspace.slug}/customers`;
  const header = (
    <PageHeader
      title="Customers"
      description="Everyone who has ordered, merged across stores, CRMs, imports, emails and phones, with their value so far and predicted lifetime value."
      actions={<CustomersNav slug={workspace.slug} current="customers" only={["customers/segments", "customers/tags", "customers/merges"]} />}
    />
  );
  if (!(await hasCustomers(workspace.id))) {
    return (
      <div className="space-y-6">
        {header}
        <Card title="No customers yet">
          <p className="text-sm text-slate-600">
            Customers appear here once orders are in: <Link href={`/w/${workspace.slug}/connections/new`} className="text-brand-700 hover:underline">connect a store</Link> or{" "}
            <Link href={`/w/${workspace.slug}/imports`} className="text-brand-700 hover:underline">import orders</Link>.
          </p>
        </Card>
      </div>
    );
  }

  let query: CustomerListQuery;
  let list;
  try {
    query = parseCustomerListQuery(toParams(await searchParams));
    list = await listCustomers(workspace.id, query);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "bad_request") throw error;
    return <BadQueryPage header={header} message={error.message} resetHref={base} resetLabel="Show all customers" />;
  }

  const href = (changes: Partial<CustomerListQuery>) => {
    const qs = customerListSearchParams({ ...query, ...changes }).toString();
    return qs ? `${base}?${qs}` : base;
  };
  const sortLink = (sort: CustomerSort, label: string): SortLink => {
    const active = query.sort === sort ? query.order : null;
    return { label, active, href: href({ sort, order: active === "desc" ? "asc" : "desc", offset: 0 }) };
  };
  const sorts = {
    first_order: sortLink("first_order", "First order"),
    orders: sortLink("orders", "Orders"),
    net_sales: sortLink("net_sales", "Net sales"),
    last_order: sortLink("last_order", "Last order"),
    predicted_ltv: sortLink("predicted_ltv", "Predicted LTV"),
  };
  const csvParams = customerListSearchParams({ ...query, offset: 0, limit: undefined, format: "csv" });
  const keep = [...customerListSearchParams({ ...query, search: null, offset: 0 })];
  const { customers, total, limit, offset } = list;

  return (
    <div className="space-y-6">
      {header}
      <HistoryNote note={list.history_note} slug={workspace.slug} canBill={can(role, "billing.manage")} />
      <Card>
        <div className="space-y-4">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <CustomerSearch action={base} search={query.search} keep={keep} />
            <a href={`/api/v1/workspaces/${workspace.slug}/customers?${csvParams}`} className={buttonClass("secondary")} download>
              Export CSV
            </a>
          </div>
          <ActiveFilters filters={filterLabels(query)} clearHref={base} />
          {customers.length === 0 ? (
            <Notice>No customer matches these filters.</Notice>
          ) : (
            <CustomerTable customers={customers} currency={list.currency} profileHref={(id) => `${base}/${id}`} sorts={sorts} />
          )}
          <Pager offset={offset} shown={customers.length} total={total} limit={limit} maxOffset={MAX_OFFSET} noun="customers" hrefFor={(at) => href({ offset: at })} />
        </div>
      </Card>
    </div>
  );
}

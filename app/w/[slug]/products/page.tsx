import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { BadQueryPage } from "@/components/ui/bad-query";
import { Notice } from "@/components/ui/notice";
import { ProductTable } from "@/components/products/product-table";
import { reportUrl } from "@/lib/dashboards/report-request";
import { AppError } from "@/lib/errors";
import { PRODUCT_SORTS, productsReport, productsRequest, sortProducts, type ProductSort } from "@/lib/products/report";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { addDays, localDate } from "@/lib/time/zone";

export const metadata: Metadata = { title: "Products" };

type SearchParams = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export default async function ProductsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> }) {
  const { workspace } = await requireWorkspacePage((await params).slug);
  const query = await searchParams;
  const today = localDate(new Date(), workspace.timeZone);
  // The last 30 days by default, in the workspace time zone.
  const from = one(query.from) ?? addDays(today, -29);
  const to = one(query.to) ?? today;
  const sortParam = one(query.sort) ?? "net_sales";
  const sort: ProductSort = (PRODUCT_SORTS as readonly string[]).includes(sortParam) ? (sortParam as ProductSort) : "net_sales";
  const ascending = one(query.dir) === "asc";
  const base = `/w/${workspace.slug}/products`;
  const header = (
    <PageHeader
      title="Products"
      description="Each product's units, net sales, returns, gross profit and share of sales, against the same number of days before."
    />
  );

  const range = { date_from: from, date_to: to };
  let result;
  try {
    if (!ISO_DAY.test(from) || !ISO_DAY.test(to)) throw new AppError("bad_request", "from and to must be dates written YYYY-MM-DD.");
    result = await productsReport(workspace.id, range);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "bad_request") throw error;
    return <BadQueryPage header={header} message={error.message} resetHref={base} resetLabel="Show the last 30 days" />;
  }

  const href = (changes: Record<string, string>) => `${base}?${new URLSearchParams({ from, to, sort, dir: ascending ? "asc" : "desc", ...changes }).toString()}`;
  const rows = sortProducts(result.rows, sort, ascending);
  return (
    <div className="space-y-6">
      {header}
      <form className="flex flex-wrap items-end gap-3" action={base}>
        <label className="text-sm text-slate-700">
          From <input type="date" name="from" defaultValue={from} className="ml-1 rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="text-sm text-slate-700">
          To <input type="date" name="to" defaultValue={to} className="ml-1 rounded border border-slate-300 px-2 py-1" />
        </label>
        <input type="hidden" name="sort" value={sort} />
        <button type="submit" className={buttonClass("secondary")}>Show</button>
        <a href={reportUrl(workspace.slug, productsRequest(range), "csv")} className={buttonClass("secondary")} download>
          Download CSV
        </a>
      </form>
      {result.report.warnings.map((warning) => (
        <Notice key={warning} tone="info">{warning}</Notice>
      ))}
      {rows.length === 0 ? (
        <Card title="No product sales in this range">
          <p className="text-sm text-slate-600">
            Products appear once orders are in and rolled up: <Link href={`/w/${workspace.slug}/connections/new`} className="text-brand-700 hover:underline">connect a store</Link>{" "}
            or pick another range.
          </p>
        </Card>
      ) : (
        <ProductTable
          rows={rows}
          currency={result.report.currency}
          compareLabel={result.report.compare_range?.label ?? null}
          sortLinks={Object.fromEntries(PRODUCT_SORTS.map((s) => [s, { href: href({ sort: s, dir: s === sort && !ascending ? "asc" : "desc" }), active: s === sort ? (ascending ? "asc" : "desc") : null }]))}
        />
      )}
    </div>
  );
}

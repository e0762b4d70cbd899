import { AD_SPEND_COLUMNS, ORDER_COLUMNS, OWNED_SEND_COLUMNS, type Column } from "@/lib/imports/columns";

function ColumnTable({ title, sample, columns, children }: { title: string; sample: string; columns: readonly Column[]; children: React.ReactNode }) {
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
        <a href={sample} download className="text-sm font-medium text-brand-700 hover:underline">
          Download a sample file
        </a>
      </div>
      <div className="text-sm text-slate-600">{children}</div>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
        {columns.map((c) => (
          <div key={c.name} className="contents">
            <dt className="font-mono text-xs text-slate-800">
              {c.name}
              {c.required ? <span className="ml-1 text-red-600" title="Required">*</span> : null}
            </dt>
            <dd className="text-slate-600">{c.description || "Optional."}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export function ImportColumnDocs() {
  return (
    <div className="space-y-6">
      <ColumnTable title="Orders" sample="/samples/orders-import.csv" columns={ORDER_COLUMNS}>
        One line item per row; the rows of an order share its order_id, and its order-level columns (created_at to refunded_at, channel and
        the utm columns) may be left empty after its first row but must not disagree. Refunds come as refund rows after the order&apos;s
        lines: a row with a refund_id returns one line, named by line_sku (or line_title), with refund_quantity, refund_amount and
        refund_tax; rows with the same refund_id are one refund, dated by refunded_at, with its refund_shipping; a refund row naming no
        line carries tax refunded beyond the lines. An order may have several refunds, each on its own day; a refunded line that your
        settings exclude from sales lowers taxes but is no return. Uploading an order again replaces it with its refunds.
      </ColumnTable>
      <ColumnTable title="Ad spend" sample="/samples/ad-spend-import.csv" columns={AD_SPEND_COLUMNS}>
        One row per day, platform and campaign. Uploading the same day, platform and campaign again replaces its numbers.
      </ColumnTable>
      <ColumnTable title="Message sends" sample="/samples/owned-sends-import.csv" columns={OWNED_SEND_COLUMNS}>
        One row per message sent to one recipient (an email, an SMS, a push): what the owned-channel report counts. A file also defines the
        campaigns, flows and messages its rows name, by your own ids, so every row of a campaign gives the same channel, kind and name.
        Recipients are never stored readable: emails and phones (in E.164) only as keyed hashes. Uploading a send_id again updates that send
        (a later delivery report, a correction). Sends a rule blocked are not sends: report them with{" "}
        <code className="break-all">POST /api/v1/workspaces/{"{slug}"}/messages/blocked</code>.
      </ColumnTable>
      <p className="text-xs text-slate-500">
        <span className="text-red-600">*</span> required. Amounts are plain numbers (1234.56), at most 4 decimals, never negative. Errors name
        the file line (the header is line 1) and the column.
      </p>
    </div>
  );
}

import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { formatMinor, type InvoiceList } from "@/lib/billing/invoices";

const STATUS_LABELS: Record<string, string> = { draft: "Draft", open: "Due", paid: "Paid", uncollectible: "Uncollectible", void: "Void" };

/** The workspace's latest invoices from Stripe, with their pages and PDFs. */
export function InvoicesCard({ list, timeZone }: { list: InvoiceList; timeZone: string }) {
  const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone });
  return (
    <Card title="Invoices" description="The latest invoices, as Stripe issued them.">
      {!list.ok ? (
        <Notice tone="error">{list.message}</Notice>
      ) : list.invoices.length === 0 ? (
        <p className="text-sm text-slate-500">No invoices yet: the first one comes with the first paid period.</p>
      ) : (
        <DataTable columns={[{ label: "Number" }, { label: "Date" }, { label: "Total", align: "right" }, { label: "Status" }, { label: "Links" }]}>
          {list.invoices.map((invoice) => (
            <tr key={invoice.id} data-testid="billing-invoice">
              <td className="whitespace-nowrap py-2 pr-4">{invoice.number ?? "—"}</td>
              <td className="whitespace-nowrap py-2 pr-4">{when.format(invoice.createdAt)}</td>
              <td className="whitespace-nowrap py-2 pr-4 text-right tabular-nums">{formatMinor(invoice.totalMinor, invoice.currency)}</td>
              <td className="py-2 pr-4">{invoice.status ? (STATUS_LABELS[invoice.status] ?? invoice.status) : "—"}</td>
              <td className="space-x-3 whitespace-nowrap py-2 pr-4">
                {invoice.hostedUrl ? (
                  <a className="text-indigo-700 hover:underline" href={invoice.hostedUrl} target="_blank" rel="noreferrer">View</a>
                ) : null}
                {invoice.pdfUrl ? (
                  <a className="text-indigo-700 hover:underline" href={invoice.pdfUrl} target="_blank" rel="noreferrer">PDF</a>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}

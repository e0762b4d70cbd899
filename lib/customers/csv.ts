import { csvCell, type CsvCell } from "@/lib/api/csv";
import { countCustomers, customerRows, listSettings } from "./list";
import type { CustomerListQuery } from "./query";
import type { TCustomerSummary } from "./schema";

// The filtered customer list as CSV, whatever page the caller is on: written batch by batch as
// the client reads, so a large list never sits whole in memory, and capped (the answer says how
// many rows matched and how many it holds).

export const CSV_MAX_ROWS = 50_000;
const BATCH = 2_000;

export function csvHeader(currency: string): string[] {
  return [
    "customer_id", "email", "first_order_day", "first_channel", "first_products", "orders",
    `net_sales (${currency})`, `gross_profit (${currency})`, "last_order_day", "country", `predicted_ltv_12m (${currency})`, "p_active",
  ];
}

export function csvRow(c: TCustomerSummary): CsvCell[] {
  return [
    c.id, c.email, c.first_order_day, c.first_channel, c.first_products.join("; "), c.orders,
    c.net_sales, c.gross_profit, c.last_order_day, c.country, c.predicted_ltv_12m, c.p_active,
  ];
}

const line = (cells: CsvCell[]) => `${cells.map(csvCell).join(",")}\r\n`;

export type CustomerCsv = { currency: string; total: number; rows: number; body: ReadableStream<Uint8Array>; historyNote: string | null };

export async function customerCsv(workspaceId: string, query: CustomerListQuery): Promise<CustomerCsv> {
  const { currency, shownFrom, note } = await listSettings(workspaceId);
  const filter = { ...query, shownFrom };
  const total = await countCustomers(workspaceId, filter);
  const rows = Math.min(total, CSV_MAX_ROWS);
  const encoder = new TextEncoder();
  let offset = 0;
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(line(csvHeader(currency))));
        return;
      }
      if (offset >= rows) {
        controller.close();
        return;
      }
      const limit = Math.min(BATCH, rows - offset);
      const batch = await customerRows(workspaceId, filter, { limit, offset }, currency);
      offset += limit;
      if (batch.length === 0) offset = rows;
      else controller.enqueue(encoder.encode(batch.map((c) => line(csvRow(c))).join("")));
    },
  });
  return { currency, total, rows, body, historyNote: note };
}

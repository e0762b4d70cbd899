import { NextResponse } from "next/server";
import { toCsv } from "@/lib/api/csv";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { HISTORY_NOTE_HEADER } from "@/lib/billing/history";
import { CSV_HEADER, exceptionCsvRows, listExceptionOrders, workspaceToday } from "@/lib/exceptions/list";
import { parseExceptionListQuery } from "@/lib/exceptions/query";

// Order names and totals are the store's business: never kept by a shared cache.
const NO_STORE = { "Cache-Control": "private, no-store" };

export const GET = workspaceRoute("workspace.read", async (request, { workspace }) => {
  const query = parseExceptionListQuery(new URL(request.url).searchParams, await workspaceToday(workspace.id));
  if (query.format === "json") return NextResponse.json(await listExceptionOrders(workspace.id, query), { headers: NO_STORE });
  const csv = await exceptionCsvRows(workspace.id, query);
  return new Response(toCsv([CSV_HEADER, ...csv.rows]), {
    headers: {
      ...NO_STORE,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="signalboard-exception-orders-${workspace.slug}-${query.dateFrom}-${query.dateTo}.csv"`,
      "Signalboard-Total-Rows": String(csv.total),
      "Signalboard-Exported-Rows": String(csv.rows.length),
      ...(csv.historyNote ? { [HISTORY_NOTE_HEADER]: csv.historyNote } : {}),
    },
  });
});

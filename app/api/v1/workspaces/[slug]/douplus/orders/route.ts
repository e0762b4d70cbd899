import { NextResponse } from "next/server";
import { toCsv } from "@/lib/api/csv";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { ORDER_CSV_HEADER, orderCsvRow } from "@/lib/douplus/csv";
import { listOrders } from "@/lib/douplus/list";
import { ORDER_PARAMETERS, parseQuery, ZDouplusOrderQuerySchema } from "@/lib/douplus/schema";
import { AppError } from "@/lib/errors";

const NO_STORE = { "Cache-Control": "private, no-store" };
// A CSV export is every matching order, read a page of this size at a time.
const CSV_PAGE = 200;
const CSV_MAX_ROWS = 100_000;

export const GET = workspaceRoute("workspace.read", async (request, { workspace }) => {
  const params = new URL(request.url).searchParams;
  const format = params.get("format") ?? "json";
  if (format !== "json" && format !== "csv") throw AppError.field("format", "format: use json or csv.");
  const query = parseQuery(ZDouplusOrderQuerySchema, params, ORDER_PARAMETERS);
  if (format === "json") return NextResponse.json(await listOrders(workspace, query), { headers: NO_STORE });
  const lines = [];
  for (let page = 1; page <= CSV_MAX_ROWS / CSV_PAGE; page++) {
    const { orders } = await listOrders(workspace, { ...query, page, page_size: CSV_PAGE });
    lines.push(...orders.map(orderCsvRow));
    if (orders.length < CSV_PAGE) break;
  }
  return new Response(toCsv([ORDER_CSV_HEADER, ...lines]), {
    headers: { ...NO_STORE, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="signalboard-douplus-orders-${workspace.slug}.csv"` },
  });
});

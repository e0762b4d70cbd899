import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { HISTORY_NOTE_HEADER } from "@/lib/billing/history";
import { customerCsv } from "@/lib/customers/csv";
import { listCustomers } from "@/lib/customers/list";
import { parseCustomerListQuery } from "@/lib/customers/query";

// Customers are personal data behind credentials: never stored by a shared cache.
const NO_STORE = { "Cache-Control": "private, no-store" };

export const GET = workspaceRoute("workspace.read", async (request, { workspace }) => {
  const query = parseCustomerListQuery(new URL(request.url).searchParams);
  if (query.format === "json") return NextResponse.json(await listCustomers(workspace.id, query), { headers: NO_STORE });
  const csv = await customerCsv(workspace.id, query);
  return new Response(csv.body, {
    headers: {
      ...NO_STORE,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="signalboard-customers-${workspace.slug}.csv"`,
      "Signalboard-Total-Rows": String(csv.total),
      "Signalboard-Exported-Rows": String(csv.rows),
      ...(csv.historyNote ? { [HISTORY_NOTE_HEADER]: csv.historyNote } : {}),
    },
  });
});

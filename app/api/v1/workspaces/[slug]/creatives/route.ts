import { NextResponse } from "next/server";
import { toCsv } from "@/lib/api/csv";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { parseCreativeQuery } from "@/lib/creatives/schema";
import { CREATIVE_CSV_HEADER, creativeCsvRows, creativeTable } from "@/lib/creatives/table";

const NO_STORE = { "Cache-Control": "private, no-store" };

export const GET = workspaceRoute("workspace.read", async (request, { workspace }) => {
  const query = parseCreativeQuery(new URL(request.url).searchParams);
  const table = await creativeTable(workspace.id, query);
  if (query.format === "json") return NextResponse.json(table, { headers: NO_STORE });
  return new Response(toCsv([CREATIVE_CSV_HEADER, ...creativeCsvRows(table)]), {
    headers: {
      ...NO_STORE,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="signalboard-creatives-${workspace.slug}-${table.date_from}-${table.date_to}.csv"`,
    },
  });
});

import { NextResponse } from "next/server";
import { toCsv } from "@/lib/api/csv";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { VIDEO_CSV_HEADER, videoCsvRow } from "@/lib/douplus/csv";
import { listVideos } from "@/lib/douplus/list";
import { parseQuery, VIDEO_PARAMETERS, ZDouplusVideoQuerySchema } from "@/lib/douplus/schema";
import { AppError } from "@/lib/errors";

const NO_STORE = { "Cache-Control": "private, no-store" };

export const GET = workspaceRoute("workspace.read", async (request, { workspace }) => {
  const params = new URL(request.url).searchParams;
  const format = params.get("format") ?? "json";
  if (format !== "json" && format !== "csv") throw AppError.field("format", "format: use json or csv.");
  const query = parseQuery(ZDouplusVideoQuerySchema, params, VIDEO_PARAMETERS);
  if (format === "json") {
    const { videos, total } = await listVideos(workspace.id, query);
    return NextResponse.json({ currency: "CNY", period: query.period, videos, total, page: query.page, page_size: query.page_size }, { headers: NO_STORE });
  }
  // The leaderboard's CSV is the whole leaderboard of the period, not one page.
  const { videos } = await listVideos(workspace.id, { ...query, page: 1, page_size: 100_000 });
  return new Response(toCsv([VIDEO_CSV_HEADER, ...videos.map(videoCsvRow)]), {
    headers: { ...NO_STORE, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="signalboard-douplus-videos-${workspace.slug}-${query.period}.csv"` },
  });
});

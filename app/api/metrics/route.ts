import { db } from "@/lib/db/client";
import { metricsAccess, renderMetrics } from "@/lib/observability/prometheus";

export const dynamic = "force-dynamic";

// Prometheus scrapes with `Authorization: Bearer $METRICS_TOKEN`; without the variable the
// endpoint does not exist.
export async function GET(req: Request) {
  const access = metricsAccess(req.headers.get("authorization"));
  if (access === "off") return Response.json({ error: "Not found." }, { status: 404 });
  if (access === "denied") {
    return Response.json({ error: "A valid metrics token is required (Authorization: Bearer)." }, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
  }
  const { contentType, body } = await renderMetrics(db, new Date());
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}

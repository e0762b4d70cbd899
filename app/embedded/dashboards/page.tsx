import type { Metadata } from "next";
import { EmbeddedDashboardsView } from "@/components/embedded/dashboards";
import { DEFAULT_PRESET } from "@/lib/dashboards/date-range";
import { embeddedDashboard } from "@/lib/embedded/dashboards";
import { documentContext, type DocumentQuery } from "@/lib/embedded/document";
import { dashboardPath } from "@/lib/embedded/paths";

export const metadata: Metadata = { title: "Dashboards" };
export const dynamic = "force-dynamic";

const single = (value: string | string[] | undefined) => (typeof value === "string" ? value : null);

/**
 * A dashboard inside the admin. Loaded with a session token in the query, its figures are rendered
 * on the server (the same read as the browser's first call); otherwise, or for a dashboard that
 * is not the workspace's, the browser reads it after its session call and shows what it gets.
 */
export default async function EmbeddedDashboardsPage({ searchParams }: { searchParams: Promise<DocumentQuery> }) {
  const query = await searchParams;
  const context = await documentContext(query);
  const path = dashboardPath(single(query.dashboard), single(query.range) ?? DEFAULT_PRESET);
  const initial = context ? await embeddedDashboard(context, new URL(path, "http://embedded").searchParams).catch(() => null) : null;
  return <EmbeddedDashboardsView initial={initial} />;
}

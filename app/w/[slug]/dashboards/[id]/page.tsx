import type { Metadata } from "next";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { DashboardScreen, type SearchParams } from "../dashboard-screen";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ params, searchParams }: {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { slug, id } = await params;
  const context = await requireWorkspacePage(slug);
  return <DashboardScreen context={context} dashboardId={id} searchParams={await searchParams} />;
}

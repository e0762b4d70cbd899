import type { Metadata } from "next";
import { EmbeddedDashboardsView } from "@/components/embedded/dashboards";

export const metadata: Metadata = { title: "Dashboards" };

export default function EmbeddedDashboardsPage() {
  return <EmbeddedDashboardsView />;
}

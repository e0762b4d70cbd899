import type { Metadata } from "next";
import { EmbeddedConnectionsView } from "@/components/embedded/connections";

export const metadata: Metadata = { title: "Connections" };

export default function EmbeddedConnectionsPage() {
  return <EmbeddedConnectionsView />;
}

import type { Metadata } from "next";
import { EmbeddedCohortsView } from "@/components/embedded/cohorts";

export const metadata: Metadata = { title: "Cohorts" };

export default function EmbeddedCohortsPage() {
  return <EmbeddedCohortsView />;
}

import type { Metadata } from "next";
import { EmbeddedTrackingView } from "@/components/embedded/settings";

export const metadata: Metadata = { title: "Tracking" };

export default function EmbeddedTrackingPage() {
  return <EmbeddedTrackingView />;
}

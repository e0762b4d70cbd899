import type { Metadata } from "next";
import { EmbeddedSettingsView } from "@/components/embedded/shop-settings";

export const metadata: Metadata = { title: "Settings" };

export default function EmbeddedSettingsPage() {
  return <EmbeddedSettingsView />;
}

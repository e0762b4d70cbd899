import type { Metadata } from "next";
import type { DigestBody } from "@/components/digests/draft";
import { DEFAULT_SECTIONS } from "@/lib/digests/sections";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { digestEditorScreen } from "../editor-screen";

export const metadata: Metadata = { title: "New digest" };
export const dynamic = "force-dynamic";

const NEW_DIGEST: DigestBody = {
  name: "",
  schedule: { kind: "daily", time: "09:00" },
  basis: "yesterday",
  time_zone: null,
  sections: DEFAULT_SECTIONS,
  destination_ids: [],
  template: { default: {}, destinations: {} },
  enabled: true,
  personal: false,
};

export default async function NewDigestPage({ params }: { params: Promise<{ slug: string }> }) {
  const context = await requireWorkspacePage((await params).slug, "dashboards.edit");
  return digestEditorScreen({ context, digestId: null, initial: NEW_DIGEST, title: "New digest" });
}

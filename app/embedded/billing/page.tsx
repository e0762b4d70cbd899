import type { Metadata } from "next";
import { EmbeddedBillingView } from "@/components/embedded/settings";

export const metadata: Metadata = { title: "Billing" };

// Shopify returns the merchant here from its charge confirmation page with `charge_id` added.
export default async function EmbeddedBillingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { charge_id: chargeId } = await searchParams;
  return <EmbeddedBillingView returning={typeof chargeId === "string" && chargeId !== ""} />;
}

import type { Metadata } from "next";
import { EmbeddedCustomerView } from "@/components/embedded/customer";

export const metadata: Metadata = { title: "Customer" };

/** A customer's page in the admin links here: /embedded/customers/{id} (a number or the customer's GraphQL id). */
export default async function EmbeddedCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EmbeddedCustomerView id={decodeURIComponent(id)} />;
}

import type { Metadata } from "next";
import { EmbeddedOrderView } from "@/components/embedded/order";

export const metadata: Metadata = { title: "Order" };

/** An order's page in the admin links here: /embedded/orders/{id} (a number or the order's GraphQL id). */
export default async function EmbeddedOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EmbeddedOrderView id={decodeURIComponent(id)} />;
}

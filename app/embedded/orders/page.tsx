import type { Metadata } from "next";
import { EmbeddedOrderView } from "@/components/embedded/order";

export const metadata: Metadata = { title: "Order" };

/** The admin link shape with the resource in the query: /embedded/orders?id=gid://shopify/Order/{id}. */
export default async function EmbeddedOrderByQueryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await searchParams;
  return <EmbeddedOrderView id={typeof id === "string" ? id : ""} />;
}

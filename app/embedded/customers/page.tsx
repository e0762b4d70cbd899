import type { Metadata } from "next";
import { EmbeddedCustomerView } from "@/components/embedded/customer";

export const metadata: Metadata = { title: "Customer" };

/** The admin link's shape, the resource in the query: /embedded/customers?id=gid://shopify/Customer/{id}. */
export default async function EmbeddedCustomerByQueryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await searchParams;
  return <EmbeddedCustomerView id={typeof id === "string" ? id : ""} />;
}

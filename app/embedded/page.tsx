import { EmbeddedHomeView } from "@/components/embedded/home";
import { documentContext, type DocumentQuery } from "@/lib/embedded/document";
import { embeddedHomeFirstView } from "@/lib/embedded/home";

export const dynamic = "force-dynamic";

/**
 * The embedded home. Loaded by the admin with a session token in the query, it renders the store's
 * sync and the headline figures on the server, so they paint with the HTML; without a usable
 * token (or before the install) the client reads them after its session call.
 */
export default async function EmbeddedHomePage({ searchParams }: { searchParams: Promise<DocumentQuery> }) {
  const context = await documentContext(await searchParams);
  return <EmbeddedHomeView initial={context ? await embeddedHomeFirstView(context) : null} />;
}

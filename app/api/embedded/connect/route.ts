import { beginEmbeddedConnect } from "@/lib/embedded/connections";

export const dynamic = "force-dynamic";

/** The new window's first page (a signed ticket from POST /api/embedded/connections/oauth): on to the platform's consent. */
export const GET = (request: Request) => beginEmbeddedConnect(request);

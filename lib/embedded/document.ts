import { shopifyAppConfig } from "@/lib/connectors/shopify/oauth/config";
import { EmbeddedAuthError } from "./errors";
import { embeddedContext, type EmbeddedContext } from "./guard";
import { verifySessionToken } from "./session-token";
import { logger } from "@/lib/log";

const log = logger("embedded");

// The document's own look at who is asking. Shopify's admin loads the app's URL with the session
// token in `id_token` (and `shop`, `host`), so the first figures can be read on the server and
// sent in the HTML instead of waiting for the JavaScript and two round trips. The token gets the
// guard's checks (signature, audience, exp/nbf, dest, issuer, staff member) and the shop's
// installation and membership are looked up; nothing is written. Anything short of that answers
// null and the page renders as before: its client installs or joins, then reads the figures.

export type DocumentQuery = Record<string, string | string[] | undefined>;

const single = (value: string | string[] | undefined) => (typeof value === "string" ? value : null);

/** The embedded context of a document request's id_token, or null (never an error, never logged). */
export async function documentContext(query: DocumentQuery): Promise<EmbeddedContext | null> {
  const config = shopifyAppConfig();
  const token = single(query.id_token);
  if (!config || !token || token.length > 8192) return null;
  try {
    const claims = await verifySessionToken(token, config);
    // The frame's CSP is built from `shop`: a token for another shop does not render into it.
    if (single(query.shop) !== claims.shop) return null;
    return await embeddedContext(claims);
  } catch (error) {
    // A failure other than the token's (the database) is the client's to meet and show.
    if (!(error instanceof EmbeddedAuthError)) log.warn("first view not read", error);
    return null;
  }
}

import crypto from "node:crypto";

// A download link for one export and one caller: an HMAC (under a key derived from AUTH_SECRET for
// this purpose only) over the export id, the caller and the expiry. Someone else presenting the
// link, or a link with any part changed, fails the check the same way (404); a genuine link past
// its expiry is 410.

export const LINK_TTL_SECONDS = 24 * 60 * 60;
const PURPOSE = "signalboard/workspace-export-link/v1";

/** Whose link it is: a user, or an API key (a key's links work for that key only). */
export type LinkHolder = { kind: "user"; userId: string } | { kind: "apiKey"; apiKeyId: string };

const holderText = (holder: LinkHolder) => (holder.kind === "user" ? `user:${holder.userId}` : `key:${holder.apiKeyId}`);

function signingKey(): Buffer {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set.");
  return crypto.createHmac("sha256", secret).update(PURPOSE).digest();
}

function mac(exportId: string, holder: LinkHolder, expires: number): string {
  return crypto.createHmac("sha256", signingKey()).update(`${exportId}\n${holderText(holder)}\n${expires}`).digest("base64url");
}

export type SignedLink = { expires: number; signature: string };

export function signLink(exportId: string, holder: LinkHolder, now = new Date(), ttlSeconds = LINK_TTL_SECONDS): SignedLink {
  const expires = Math.floor(now.getTime() / 1000) + ttlSeconds;
  return { expires, signature: mac(exportId, holder, expires) };
}

export type LinkCheck = "valid" | "invalid" | "expired";

/** Checks the signature first: only a link this holder was given can be told it has expired. */
export function checkLink(exportId: string, holder: LinkHolder, expires: string | null, signature: string | null, now = new Date()): LinkCheck {
  if (!expires || !signature || !/^\d{1,12}$/.test(expires)) return "invalid";
  const expected = Buffer.from(mac(exportId, holder, Number(expires)));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return "invalid";
  return Number(expires) * 1000 <= now.getTime() ? "expired" : "valid";
}

export const downloadPath = (slug: string, exportId: string, link: SignedLink) =>
  `/api/v1/workspaces/${slug}/exports/${exportId}/download?expires=${link.expires}&signature=${link.signature}`;

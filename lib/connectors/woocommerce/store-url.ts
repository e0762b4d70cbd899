import net from "node:net";
import { isPrivateAddress, resolveAll } from "@/lib/notifications/url-policy";

// Which store addresses Signalboard will call with a workspace's keys. A store is reached over
// https, by a public name, without credentials in the URL: the keys travel in an Authorization
// header, and an admin must not be able to point the server at its own network.
// SIGNALBOARD_WOOCOMMERCE_ALLOW_PRIVATE=1 lifts the https and private-address rules, for a
// WooCommerce running on a developer's machine (http://localhost:8080).

export function privateStoresAllowed(): boolean {
  return process.env.SIGNALBOARD_WOOCOMMERCE_ALLOW_PRIVATE === "1";
}

export class StoreUrlError extends Error {
  override name = "StoreUrlError";
}

const isLocalName = (host: string) => host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal");

/**
 * The store's base URL ("https://shop.example.com" or "https://example.com/shop"), normalised:
 * lower-case host, no trailing slash, no query or fragment. Throws StoreUrlError naming the problem.
 */
export function normaliseStoreUrl(raw: unknown): string {
  if (typeof raw !== "string" || raw.trim() === "") throw new StoreUrlError("Enter the store's address, e.g. https://shop.example.com.");
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new StoreUrlError("The store address is not a URL; enter it like https://shop.example.com.");
  }
  const allowPrivate = privateStoresAllowed();
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) throw new StoreUrlError("The store address must start with https://: keys are never sent unencrypted.");
  if (url.username || url.password) throw new StoreUrlError("Remove the user name and password from the store address; paste the keys in their own fields.");
  const host = url.hostname.toLowerCase();
  if (!allowPrivate && (isLocalName(host) || isPrivateAddress(host))) {
    throw new StoreUrlError("The store address must be public: private, loopback and local addresses are refused.");
  }
  const path = url.pathname.replace(/\/+$/, "").replace(/\/wp-json(\/.*)?$/, "");
  return `${url.protocol}//${url.host.toLowerCase()}${path}`;
}

/** A public name can still point at a private address: checked before any key is sent. */
export async function assertPublicStore(storeUrl: string, resolve: (host: string) => Promise<string[]> = resolveAll): Promise<void> {
  if (privateStoresAllowed()) return;
  const host = new URL(storeUrl).hostname;
  if (net.isIP(host.replace(/^\[|\]$/g, ""))) return;
  const addresses = await resolve(host);
  if (addresses.some(isPrivateAddress)) throw new StoreUrlError(`${host} resolves to a private address; Signalboard only connects to public stores.`);
}

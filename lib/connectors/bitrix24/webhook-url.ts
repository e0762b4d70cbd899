import { AppError } from "@/lib/errors";

// An inbound webhook of a Bitrix24 cloud portal: https://{portal}.bitrix24.{tld}/rest/{user}/{code}/.
// The URL is itself the secret (its code grants the webhook's scopes), so it is sealed, never
// logged, and only ever sent to the portal it names. Only Bitrix24's own cloud hosts are accepted:
// a pasted address must not make the server call anywhere else.

const HOST = /^[a-z0-9][a-z0-9-]{0,62}\.bitrix24\.(?:[a-z]{2,3}|com\.[a-z]{2})$/;
const PATH = /^\/rest\/(\d{1,10})\/([A-Za-z0-9]{8,64})(?:\/[A-Za-z0-9._]*)?\/?$/;

export type WebhookUrl = {
  /** The portal's host, e.g. "acme.bitrix24.ru": the connection's account. */
  portal: string;
  /** The base every method is called under, ending in "/". */
  base: string;
};

const MESSAGE = "Paste the inbound webhook's address as Bitrix24 shows it: https://{your portal}.bitrix24.{ru|com|…}/rest/{user}/{code}/";

export function parseWebhookUrl(input: unknown): WebhookUrl {
  const text = typeof input === "string" ? input.trim() : "";
  if (!text) throw AppError.field("webhookUrl", MESSAGE);
  if (text.length > 300) throw AppError.field("webhookUrl", "That is longer than a Bitrix24 webhook address.");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw AppError.field("webhookUrl", MESSAGE);
  }
  if (url.protocol !== "https:") throw AppError.field("webhookUrl", "The webhook address must start with https://.");
  const host = url.hostname.toLowerCase();
  if (!HOST.test(host) || url.port || url.username || url.password) {
    throw AppError.field("webhookUrl", "Only Bitrix24 cloud portals ({portal}.bitrix24.{ru|com|…}) can be connected by webhook.");
  }
  // A copied example call ("…/crm.deal.list.json?…") still names the webhook: its method is dropped.
  const match = PATH.exec(url.pathname);
  if (!match) throw AppError.field("webhookUrl", MESSAGE);
  return { portal: host, base: `https://${host}/rest/${match[1]}/${match[2]}/` };
}

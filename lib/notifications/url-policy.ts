import { lookup } from "node:dns/promises";
import net from "node:net";

// Where a destination may point. Outside development a webhook URL must be https, carry no
// credentials and name a public host: a workspace admin must not be able to make the server
// call into its own network. SIGNALBOARD_ALLOW_LOCAL_WEBHOOKS=1 (implied when NODE_ENV is
// "development") lifts the https and private-address rules, for local sinks and tests.

export function localWebhooksAllowed(): boolean {
  const flag = process.env.SIGNALBOARD_ALLOW_LOCAL_WEBHOOKS;
  if (flag === "1") return true;
  if (flag === "0") return false;
  return process.env.NODE_ENV === "development";
}

const PRIVATE_V4: [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];

const v4ToInt = (address: string) => address.split(".").reduce((sum, part) => sum * 256 + Number(part), 0);

function isPrivateV4(address: string): boolean {
  const value = v4ToInt(address);
  return PRIVATE_V4.some(([base, bits]) => {
    const size = 2 ** (32 - bits);
    const start = v4ToInt(base);
    return value >= start && value < start + size;
  });
}

/** Loopback, private, link-local, unique-local, multicast or unspecified addresses. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").toLowerCase();
  if (net.isIPv4(bare)) return isPrivateV4(bare);
  if (!net.isIPv6(bare)) return false;
  const mapped = bare.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped) return isPrivateV4(mapped[1]!);
  return bare === "::" || bare === "::1" || /^f[cd]/.test(bare) || /^fe[89ab]/.test(bare) || /^ff/.test(bare);
}

const isLocalName = (host: string) => host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal");

/** Why a URL may not be a destination, or null when it may. Checks the text only; see assertPublicHost for DNS. */
export function webhookUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL, starting with https://.";
  }
  const local = localWebhooksAllowed();
  if (url.protocol !== "https:" && !(local && url.protocol === "http:")) return "Use an https:// URL.";
  if (url.username || url.password) return "Remove the user name and password from the URL; put secrets in the secret field.";
  const host = url.hostname.toLowerCase();
  if (!local && (isLocalName(host) || isPrivateAddress(host))) return "Use a public address: private, loopback and local addresses are refused.";
  return null;
}

/**
 * At send time, the addresses the host resolves to must be public too (a public name can point
 * at a private address). Throws with the reason; skipped when local webhooks are allowed.
 */
export async function assertPublicHost(raw: string, resolve: (host: string) => Promise<string[]> = resolveAll): Promise<void> {
  if (localWebhooksAllowed()) return;
  const host = new URL(raw).hostname;
  if (net.isIP(host.replace(/^\[|\]$/g, ""))) return;
  const addresses = await resolve(host);
  if (addresses.some(isPrivateAddress)) throw new Error(`${host} resolves to a private address; refusing to send there.`);
}

// A name that does not resolve is left to the send itself, which then fails as unreachable and
// is retried like any network failure.
export async function resolveAll(host: string): Promise<string[]> {
  const found = await lookup(host, { all: true }).catch(() => []);
  return found.map((entry) => entry.address);
}

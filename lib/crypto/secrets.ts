import crypto from "node:crypto";

// Credentials at rest: AES-256-GCM under a key ring. SECRETS_KEYS lists `id:base64key` pairs,
// newest first; new values are sealed with the first, and any listed key can open old ones, so
// a key is rotated by putting a new one in front and running `npm run cli -- secrets:rotate`.

const VERSION = "v1";
type Key = { id: string; key: Buffer };

let cached: { source: string; keys: Key[] } | undefined;

function keyRing(): Key[] {
  const source = process.env.SECRETS_KEYS ?? "";
  if (cached?.source === source) return cached.keys;
  const keys = source
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id, encoded] = entry.split(":");
      const key = Buffer.from(encoded ?? "", "base64");
      if (!id || !/^[A-Za-z0-9_-]+$/.test(id) || key.length !== 32) {
        throw new Error("SECRETS_KEYS must be a comma-separated list of id:base64 entries, each key 32 bytes (openssl rand -base64 32).");
      }
      return { id, key };
    });
  if (keys.length === 0) throw new Error("SECRETS_KEYS is not set: credentials cannot be encrypted.");
  cached = { source, keys };
  return keys;
}

export function generateKeyEntry(id = `k${Date.now().toString(36)}`): string {
  return `${id}:${crypto.randomBytes(32).toString("base64")}`;
}

export function seal(plaintext: string): string {
  const { id, key } = keyRing()[0]!;
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, id, iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export function open(envelope: string): string {
  const [version, id, iv, body, tag] = envelope.split(".");
  if (version !== VERSION || !id || !iv || body === undefined || !tag) throw new Error("Not a sealed secret.");
  const entry = keyRing().find((k) => k.id === id);
  if (!entry) throw new Error(`The key "${id}" that sealed this secret is not in SECRETS_KEYS.`);
  const decipher = crypto.createDecipheriv("aes-256-gcm", entry.key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

export function sealJson(value: unknown): string {
  return seal(JSON.stringify(value));
}

export function openJson<T>(envelope: string): T {
  return JSON.parse(open(envelope)) as T;
}

export function currentKeyId(): string {
  return keyRing()[0]!.id;
}

/** True when the envelope was sealed with an older key and should be re-sealed. */
export function needsReseal(envelope: string): boolean {
  return envelope.split(".")[1] !== currentKeyId();
}

/**
 * A keyed hash for matching personal data (an email) without storing it readable. HASH_SECRET
 * must stay the same for the life of the data, or stored hashes stop matching.
 */
export function keyedHash(value: string): string {
  const secret = process.env.HASH_SECRET;
  if (!secret) throw new Error("HASH_SECRET is not set.");
  return crypto.createHmac("sha256", secret).update(value.trim().toLowerCase()).digest("hex");
}

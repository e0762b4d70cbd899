import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { generateKeyEntry } from "../crypto/secrets";

function persisted(dataDir: string, name: string, make: () => string): string {
  const file = path.join(dataDir, name);
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const value = make();
  fs.writeFileSync(file, value, { mode: 0o600 });
  return value;
}

/**
 * Secrets for local runs, kept beside the local database so sessions and encrypted credentials
 * survive restarts. Production must set them itself.
 */
export function ensureLocalSecrets(dataDir: string, ephemeral: boolean): void {
  const make = {
    AUTH_SECRET: () => crypto.randomBytes(32).toString("base64url"),
    SECRETS_KEYS: () => generateKeyEntry("local"),
    HASH_SECRET: () => crypto.randomBytes(32).toString("base64url"),
  } as const;
  for (const [name, generate] of Object.entries(make)) {
    if (process.env[name]) continue;
    process.env[name] = ephemeral ? generate() : persisted(dataDir, name.toLowerCase().replace(/_/g, "-"), generate);
  }
}

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** A stable secret for local runs, kept beside the local database so sessions survive restarts. */
export function localAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

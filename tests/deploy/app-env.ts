// The environment variables the app reads (process.env.NAME in app/, lib/, inngest/ and
// instrumentation.ts), and which of them are credentials that belong in a Secret.
import fs from "node:fs";
import path from "node:path";

const ROOTS = ["app", "lib", "inngest", "instrumentation.ts"];

function sourceFiles(entry: string): string[] {
  if (!fs.existsSync(entry)) return [];
  if (fs.statSync(entry).isFile()) return /\.tsx?$/.test(entry) ? [entry] : [];
  return fs.readdirSync(entry, { withFileTypes: true }).flatMap((child) => {
    const full = path.join(entry, child.name);
    if (child.isDirectory()) return child.name === "generated" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(child.name) && !/\.test\.tsx?$/.test(child.name) ? [full] : [];
  });
}

export function appEnvNames(): Set<string> {
  const names = new Set<string>();
  for (const file of ROOTS.flatMap(sourceFiles)) {
    for (const match of fs.readFileSync(file, "utf8").matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[["']([A-Z][A-Z0-9_]*)["']\])/g)) {
      names.add(match[1] ?? match[2]!);
    }
  }
  return names;
}

/** A credential by its name: a secret, key, token or password, or a URL that carries one. */
export function isSecretName(name: string): boolean {
  return /SECRET|TOKEN|PASSWORD|_KEYS?$/.test(name) || name === "DATABASE_URL" || name === "SMTP_URL";
}

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// The e2e server's database is a throwaway one on a port chosen at start; the launcher writes its
// URL to this file (SIGNALBOARD_DATABASE_URL_FILE, set in playwright.config.ts), so a spec can run
// the real operator commands against it, the way an operator of an installation would.

export function databaseUrlFile(port: number): string {
  return path.join(os.tmpdir(), `signalboard-e2e-${port}.database-url`);
}

/** The e2e server's database URL. */
export function e2eDatabaseUrl(): string {
  return fs.readFileSync(databaseUrlFile(Number(process.env.E2E_PORT ?? 3100)), "utf8").trim();
}

/** `npm run cli -- <args>` against the e2e server's database; its standard output. */
export function runCli(args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", "lib/cli/main.ts", ...args], {
    env: { ...process.env, DATABASE_URL: e2eDatabaseUrl() },
    encoding: "utf8",
    timeout: 60_000,
  });
}

// `npm run test:standalone` (run by `npm run test:e2e` after `next build`): the web server the
// image runs starts from the build output alone and answers /api/health.
//   1. lays out .next/standalone, .next/static and public in a temporary folder outside the
//      checkout exactly as the Dockerfile's COPY instructions do (so nothing resolves from the
//      checkout's node_modules),
//   2. starts a throwaway PostgreSQL with the migrations (what the image's migrate command does),
//   3. runs `node server.js` there and asks for /api/health, a built script and a public file.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";
import { imageLayout } from "./image-layout";

const STARTUP_MS = 90_000;

function layOut(root: string): string {
  const layout = imageLayout(fs.readFileSync("Dockerfile", "utf8"));
  const place = (imagePath: string) => path.join(root, path.posix.relative(layout.workdir, imagePath));
  if (!fs.existsSync(".next/standalone/server.js")) throw new Error("No .next/standalone/server.js: run `next build` first (next.config.ts sets output: standalone).");
  // A checkout whose node_modules is a link gets a link in .next/standalone too, so the run
  // would resolve every package, not only the traced ones the image holds: say so.
  if (fs.lstatSync(".next/standalone/node_modules", { throwIfNoEntry: false })?.isSymbolicLink()) {
    process.stdout.write("note: .next/standalone/node_modules is a link (this checkout's node_modules is one), so untraced packages resolve too\n");
  }
  fs.cpSync(".next/standalone", place(layout.standalone), { recursive: true, verbatimSymlinks: true });
  fs.cpSync(".next/static", place(layout.static), { recursive: true });
  fs.cpSync("public", place(layout.public), { recursive: true });
  return place(layout.standalone);
}

async function waitForHealth(server: ChildProcess, base: string): Promise<Response> {
  const deadline = Date.now() + STARTUP_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server.js exited with code ${server.exitCode} before answering.`);
    const response = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
    if (response) return response;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server.js did not answer /api/health within ${STARTUP_MS / 1000} s.`);
}

function firstFile(folder: string, extension: string): string {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(extension)) return path.relative(folder, path.join(entry.parentPath, entry.name));
  }
  throw new Error(`No ${extension} file in ${folder}.`);
}

async function expectOk(url: string, what: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (response.status !== 200) throw new Error(`${what}: ${url} answered ${response.status}.`);
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "signalboard-image-"));
  const database = await startEmbeddedPostgres({ persistent: false });
  let server: ChildProcess | undefined;
  let output = "";
  try {
    const web = layOut(root);
    await applyMigrations(database.url);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ["server.js"], {
      cwd: web,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        HOSTNAME: "127.0.0.1",
        PORT: String(port),
        DATABASE_URL: database.url,
        AUTH_SECRET: "standalone-check-auth-secret-0123456789",
        SECRETS_KEYS: `check:${Buffer.alloc(32, 7).toString("base64")}`,
        HASH_SECRET: "standalone-check-hash-secret-0123456789",
        APP_URL: base,
        SIGNALBOARD_LOCAL_SCHEDULER: "off",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (chunk) => (output += chunk));
    server.stderr?.on("data", (chunk) => (output += chunk));

    const health = await waitForHealth(server, base);
    const body = (await health.json()) as { database?: { status?: string } };
    if (health.status !== 200 || body.database?.status !== "up") throw new Error(`/api/health answered ${health.status}: ${JSON.stringify(body)}`);
    await expectOk(`${base}/_next/static/${firstFile(path.join(web, ".next/static"), ".js")}`, "a built script (.next/static)");
    await expectOk(`${base}/${firstFile(path.join(web, "public"), ".svg")}`, "a public file");
    process.stdout.write(`standalone server: /api/health 200 with the database up, static and public files served (${web})\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n--- server output ---\n${output.slice(-4_000)}\n`);
    process.exitCode = 1;
  } finally {
    server?.kill("SIGTERM");
    await database.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

void main().then(() => process.exit(process.exitCode ?? 0));

import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded";
import { localDatabase } from "@/lib/db/local";
import { LocalDatabaseError } from "@/lib/db/local-error";

// The local database as the launcher and the CLI find it: this checkout's embedded PostgreSQL,
// never another one that happens to answer on the port.

const started: EmbeddedDatabase[] = [];
afterAll(async () => {
  for (const database of started) await database.stop();
});

// Readable by others, as a checkout is: the server runs as the postgres user, not root.
function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `signalboard-${label}-`));
  fs.chmodSync(dir, 0o755);
  return dir;
}

describe("the local database", () => {
  it("refuses another project's PostgreSQL on its port and reuses its own", async () => {
    const other = await startEmbeddedPostgres({ persistent: false });
    started.push(other);
    const port = Number(new URL(other.url).port);
    const mine = path.join(tempDir("mine"), "postgres");

    const refused = await localDatabase({ port, dataDir: mine }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LocalDatabaseError);
    expect((refused as Error).message).toContain(`Port ${port} is held by another PostgreSQL`);
    expect((refused as Error).message).toContain(other.dataDir);
    expect((refused as Error).message).toContain("EMBEDDED_POSTGRES_PORT");
    expect(fs.existsSync(mine)).toBe(false);

    // The same server, seen from the checkout whose data it holds, is reused.
    const reused = await localDatabase({ port, dataDir: other.dataDir });
    expect(reused).toMatchObject({ startedHere: false, url: other.url });
  });

  it("refuses a port held by something that is not PostgreSQL", async () => {
    const server = net.createServer((socket) => socket.end());
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    try {
      const refused = await localDatabase({ port, dataDir: path.join(tempDir("busy"), "postgres") }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(LocalDatabaseError);
      expect((refused as Error).message).toContain(`Port ${port} is in use by something other than this project's embedded PostgreSQL`);
    } finally {
      server.close();
    }
  });

  it("keeps the server's messages out of the terminal and in its log file", async () => {
    const printed = [vi.spyOn(console, "error"), vi.spyOn(console, "log"), vi.spyOn(console, "warn")];
    const port = await freePort();
    const root = tempDir("quiet");
    const dataDir = path.join(root, "postgres");
    // Twice: the second start finds its database already there, which is when messages leaked.
    for (let run = 0; run < 2; run++) {
      const database = await localDatabase({ port, dataDir });
      expect(database.startedHere).toBe(true);
      await database.stop();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const spy of printed) {
      expect(spy.mock.calls.flat().join("\n")).not.toMatch(/postgres|terminat|connection/i);
      spy.mockRestore();
    }
    expect(fs.readFileSync(path.join(root, "postgres.log"), "utf8")).toMatch(/database system is ready to accept connections/);
    fs.rmSync(root, { recursive: true, force: true });
  });
});

describe("stopping the embedded database", () => {
  it("returns at once when the server has already gone", async () => {
    const database = await startEmbeddedPostgres({ persistent: false });
    const pid = Number(fs.readFileSync(path.join(database.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(pid, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    await database.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(fs.existsSync(database.dataDir)).toBe(false);
  });
});

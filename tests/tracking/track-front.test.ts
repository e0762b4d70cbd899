import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { isTrackRequest, serveTrack } from "@/lib/server/track-front";
import { drainWorkspace, storedEvents, trackingWorkspace, wireEvent } from "./support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

// The front as web.ts mounts it: the event API answered here, anything else handed on (to Next).
let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((request, response) => {
    if (isTrackRequest(request)) void serveTrack(request, response);
    else response.writeHead(418, { "content-type": "text/plain" }).end("next");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  delete process.env.TRUSTED_PROXY_HOPS;
});

const ORIGIN = "https://shop.example.com";

describe("the event API in front of Next.js", () => {
  it("answers POST /api/v1/track through the same handler: 202, CORS for the key's origin, the events stored once drained", async () => {
    const { workspace, writeKey } = await trackingWorkspace([ORIGIN]);
    const events = [wireEvent(), wireEvent()];
    const response = await fetch(`${base}/api/v1/track?v=1`, {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8", origin: ORIGIN },
      body: JSON.stringify({ write_key: writeKey.key, batch: [...events, { event: 7 }] }),
    });
    expect(response.status).toBe(202);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(await response.json()).toEqual({ accepted: 2, rejected: [{ index: 2, field: "batch.2.event", message: "Must be a string." }] });
    await drainWorkspace(workspace.id);
    expect((await storedEvents(workspace.id)).map((e) => e.messageId).sort()).toEqual(events.map((e) => e.message_id).sort());
  });

  it("answers the preflight, and refuses what the handler refuses: an unknown key 401, another origin 403, a 10 MB body 413", async () => {
    const { writeKey } = await trackingWorkspace([ORIGIN]);
    const preflight = await fetch(`${base}/api/v1/track`, { method: "OPTIONS", headers: { origin: ORIGIN } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toBe("POST, OPTIONS");
    const post = (body: string, origin = ORIGIN) => fetch(`${base}/api/v1/track`, { method: "POST", headers: { origin }, body });
    expect((await post(JSON.stringify({ ...wireEvent(), write_key: "sbw_000000000000000000000000" }))).status).toBe(401);
    const foreign = await post(JSON.stringify({ ...wireEvent(), write_key: writeKey.key }), "https://evil.example.net");
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    expect((await post("x".repeat(10 * 1024 * 1024))).status).toBe(413);
  });

  it("sees the client's address as Next would: the socket's when no proxy header came", async () => {
    process.env.TRUSTED_PROXY_HOPS = "1";
    const { workspace, writeKey } = await trackingWorkspace([]);
    const response = await fetch(`${base}/api/v1/track`, { method: "POST", body: JSON.stringify({ ...wireEvent(), write_key: writeKey.key }) });
    expect(response.status).toBe(202);
    const [row] = await db.trackingInbox.findMany({ where: { workspaceId: workspace.id } });
    expect((row!.events as Array<{ ip_prefix: string | null }>)[0]!.ip_prefix).toBe("127.0.0.0/24");
  });

  it("hands every other request on: other methods and paths, even ones that start like it", async () => {
    for (const [method, path] of [["GET", "/api/v1/track"], ["POST", "/api/v1/tracking"], ["POST", "/api/v1/track/x"], ["GET", "/"]] as const) {
      const response = await fetch(`${base}${path}`, { method, ...(method === "POST" ? { body: "{}" } : {}) });
      expect([method, path, response.status, await response.text()]).toEqual([method, path, 418, "next"]);
    }
  });
});

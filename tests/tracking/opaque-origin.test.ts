import { describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/v1/track/route";
import { db } from "@/lib/db/client";
import { drainWorkspace, storedEvents, trackingWorkspace, trackRequest, wireEvent } from "./support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

// The Shopify web pixel runs in a sandbox without same-origin rights, so its requests carry
// `Origin: null`. A key takes them only when an admin listed "null" among its origins.

const pixelEvent = () => wireEvent({ event: "page_view", context: { library: { name: "shopify_pixel", version: "1" } } });

describe("POST /api/v1/track from a sandboxed page", () => {
  it("refuses Origin null unless the key lists null, and then answers it with a CORS grant the sandbox can read", async () => {
    const strict = await trackingWorkspace(["https://shop.example.com"]);
    const refused = await POST(trackRequest({ body: { write_key: strict.writeKey.key, batch: [pixelEvent()] }, headers: { origin: "null" } }));
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    expect(await db.trackingInbox.count({ where: { workspaceId: strict.workspace.id } })).toBe(0);

    const pixel = await trackingWorkspace(["https://shop.example.com", "null"]);
    const taken = await POST(trackRequest({ body: { write_key: pixel.writeKey.key, batch: [pixelEvent()] }, headers: { origin: "null" } }));
    expect(taken.status).toBe(202);
    expect(taken.headers.get("access-control-allow-origin")).toBe("null");
    await drainWorkspace(pixel.workspace.id);
    expect((await storedEvents(pixel.workspace.id)).map((row) => row.source)).toEqual(["shopify_pixel"]);
    // The key's own origins still work, and others are still refused.
    expect((await POST(trackRequest({ body: { write_key: pixel.writeKey.key, batch: [wireEvent()] }, headers: { origin: "https://shop.example.com" } }))).status).toBe(202);
    expect((await POST(trackRequest({ body: { write_key: pixel.writeKey.key, batch: [wireEvent()] }, headers: { origin: "https://evil.example" } }))).status).toBe(403);
  });
});

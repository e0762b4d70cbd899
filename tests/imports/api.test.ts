import { readFile } from "node:fs/promises";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { POST as postWorkspaceOrders } from "@/app/api/v1/workspaces/[slug]/imports/orders/route";
import { db } from "@/lib/db/client";
import { MAX_IMPORT_BYTES } from "@/lib/imports/http";
import { ORDER_HEADER, csv, factCounts, keyFor, upload, workspaceWithKey } from "./support";

vi.mock("@/lib/auth", () => ({ auth: async () => null }));

const ORDER = (id: string, price = "10.00") => csv(ORDER_HEADER, `${id},2026-03-01T10:00:00Z,USD,,,Thing,,1,${price},,,,,,,,`);

function postToWorkspace(slug: string, key: string, body: string) {
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${slug}/imports/orders`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "text/csv" },
    body,
  });
  return postWorkspaceOrders(request, { params: Promise.resolve({ slug }) });
}

describe("imports API: access", () => {
  it("refuses viewer keys with 403 and writes nothing", async () => {
    const { workspace, owner } = await workspaceWithKey();
    const viewer = await keyFor(workspace, owner.id, "viewer");
    const { status, json } = await upload("orders", viewer, { csv: ORDER("V-1") });
    expect(status).toBe(403);
    expect(json.error?.code).toBe("forbidden");
    expect((await factCounts(workspace.id)).orders).toBe(0);
    expect(await db.dataImport.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("needs a key, and refuses unknown ones", async () => {
    const request = new NextRequest("http://localhost/api/v1/imports/orders", { method: "POST", headers: { "content-type": "text/csv" }, body: ORDER("N-1") });
    const { POST } = await import("@/app/api/v1/imports/orders/route");
    expect((await POST(request)).status).toBe(401);
    expect((await upload("orders", "sb_nope.nope", { csv: ORDER("N-1") })).status).toBe(401);
  });

  it("keeps each workspace's imports to itself", async () => {
    const a = await workspaceWithKey();
    const b = await workspaceWithKey();
    expect((await upload("orders", a.key, { csv: ORDER("SAME-1", "10.00") })).status).toBe(200);

    // B's key addressed at A's workspace learns nothing: 404, and A's data is untouched.
    const response = await postToWorkspace(a.workspace.slug, b.key, ORDER("SAME-1", "99.00"));
    expect(response.status).toBe(404);

    // The same order id sent with B's key lands in B only.
    expect((await upload("orders", b.key, { csv: ORDER("SAME-1", "99.00") })).status).toBe(200);
    const inA = await db.order.findMany({ where: { workspaceId: a.workspace.id }, select: { name: true, subtotal: true } });
    expect(inA.map((o) => [o.name, o.subtotal.toFixed(2)])).toEqual([["SAME-1", "10.00"]]);
    const inB = await db.order.findMany({ where: { workspaceId: b.workspace.id }, select: { name: true, subtotal: true } });
    expect(inB.map((o) => [o.name, o.subtotal.toFixed(2)])).toEqual([["SAME-1", "99.00"]]);
    expect(await db.dataImport.count({ where: { workspaceId: a.workspace.id } })).toBe(1);

    // A's own key may use the workspace-addressed route.
    expect((await postToWorkspace(a.workspace.slug, a.key, ORDER("A-2"))).status).toBe(200);
    expect((await factCounts(a.workspace.id)).orders).toBe(2);
  });
});

describe("imports API: bodies", () => {
  it("answers 415 naming the accepted types for anything but CSV or JSON", async () => {
    const { key } = await workspaceWithKey();
    const { status, json } = await upload("orders", key, { raw: ORDER("T-1"), type: "text/plain" });
    expect(status).toBe(415);
    expect(json.error?.message).toContain("text/csv");
    expect(json.error?.message).toContain("application/json");
  });

  it("answers 413 to a body over 5 MB, declared or sent", async () => {
    const { workspace, key } = await workspaceWithKey();
    const big = ORDER("BIG-1") + "x".repeat(MAX_IMPORT_BYTES);
    const sent = await upload("orders", key, { csv: big });
    expect(sent.status).toBe(413);
    expect(sent.json.error?.code).toBe("payload_too_large");

    const declared = new NextRequest("http://localhost/api/v1/imports/orders", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "text/csv", "content-length": String(MAX_IMPORT_BYTES + 1) },
      body: ORDER("BIG-2"),
    });
    const { POST } = await import("@/app/api/v1/imports/orders/route");
    expect((await POST(declared)).status).toBe(413);
    expect((await factCounts(workspace.id)).orders).toBe(0);
  });

  it("answers 400 naming the problem for malformed JSON, a missing rows list, bad flags and non-UTF-8 text", async () => {
    const { workspace, key } = await workspaceWithKey();
    const malformed = await upload("orders", key, { raw: "{ rows: [", type: "application/json" });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error?.fields).toHaveProperty("body");

    const noRows = await upload("orders", key, { json: { orders: [] } });
    expect(noRows.status).toBe(400);
    expect(noRows.json.error?.fields).toHaveProperty("rows");

    const flag = await upload("orders", key, { csv: ORDER("F-1") }, { partial: "maybe" });
    expect(flag.status).toBe(400);
    expect(flag.json.error?.fields).toHaveProperty("partial");

    const latin1 = await upload("orders", key, { raw: new Uint8Array([...Buffer.from(ORDER("L-1").replace("Thing", "Th")), 0xe9]), type: "text/csv" });
    expect(latin1.status).toBe(400);
    expect(latin1.json.error?.message).toContain("UTF-8");

    expect((await factCounts(workspace.id)).orders).toBe(0);
  });

  it("reads a CSV with a byte-order mark, CRLF lines, quoted cells and a charset parameter", async () => {
    const { workspace, key } = await workspaceWithKey();
    const body = "\uFEFF" + ORDER_HEADER + "\r\n" + 'Q-1,2026-03-01T10:00:00Z,USD,,,"Shirt, blue",,1,10.00,,,,,,,,\r\n';
    const { status, json } = await upload("orders", key, { raw: body, type: "text/csv; charset=utf-8" });
    expect(status).toBe(200);
    expect(json.rows_applied).toBe(1);
    const line = await db.orderLineItem.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    expect(line.title).toBe("Shirt, blue");
  });
});

describe("sample files", () => {
  it("are valid uploads as published", async () => {
    const { key } = await workspaceWithKey();
    const orders = await upload("orders", key, { csv: await readFile("public/samples/orders-import.csv", "utf8") }, { dry_run: true });
    expect(orders.json).toMatchObject({ rows_total: 11, rows_valid: 11, errors: [] });
    const ads = await upload("ad-spend", key, { csv: await readFile("public/samples/ad-spend-import.csv", "utf8") }, { dry_run: true });
    expect(ads.json).toMatchObject({ rows_total: 5, rows_valid: 5, errors: [] });
  });
});

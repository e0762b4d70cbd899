import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { listAuditEvents, parseAuditQuery, type AuditQuery } from "@/lib/audit/query";
import { recordAudit } from "@/lib/audit/record";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { expectAppErrorSync } from "../helpers";

const ZONE = "America/New_York";

async function trail() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const other = await seedWorkspace((await seedUser()).id);
  const user = { kind: "user" as const, id: owner.id };
  const key = { kind: "api_key" as const, id: "key-1" };
  // 2026-11-30 23:30 in New York is 2026-12-01 04:30 UTC: a local day apart from the UTC day.
  const events = [
    { action: "api_key.created" as const, target: { type: "api_key", id: "key-1" }, actor: user, occurredAt: new Date("2026-11-30T04:30:00Z") },
    { action: "member.role_changed" as const, target: { type: "member", id: "m-1" }, actor: user, occurredAt: new Date("2026-12-01T04:30:00Z"), changes: { role: { before: "member", after: "admin" } } },
    { action: "connection.connected" as const, target: { type: "connection", id: "c-1" }, actor: key, occurredAt: new Date("2026-12-01T05:30:00Z") },
    { action: "connection.disconnected" as const, target: { type: "connection", id: "c-1" }, actor: key, occurredAt: new Date("2026-12-01T05:30:00Z") },
    { action: "workspace.settings_changed" as const, target: { type: "workspace", id: workspace.id }, actor: { kind: "system" as const, id: null }, occurredAt: new Date("2026-12-02T12:00:00Z") },
  ];
  for (const event of events) await recordAudit(null, { workspaceId: workspace.id, ...event });
  await recordAudit(null, { workspaceId: other.id, action: "api_key.created", target: { type: "api_key", id: "elsewhere" }, actor: { kind: "user", id: owner.id }, occurredAt: new Date("2026-12-01T06:00:00Z") });
  return { workspace, owner };
}

const query = (params: Record<string, string>): AuditQuery => parseAuditQuery(new URLSearchParams(params));

describe("the audit trail's reader", () => {
  it("pages newest first by keyset, every event once, never another workspace's", async () => {
    const { workspace } = await trail();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listAuditEvents(workspace.id, ZONE, query({ limit: "2", ...(cursor ? { cursor } : {}) }));
      seen.push(...page.events.map((e) => e.action));
      cursor = page.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(seen[0]).toBe("workspace.settings_changed");
    expect(seen.at(-1)).toBe("api_key.created");
    expect(new Set(seen).size).toBe(5);
    // Two events in the same millisecond land on either side of a page break without loss.
    expect(seen).toEqual(expect.arrayContaining(["connection.connected", "connection.disconnected"]));
  });

  it("filters by actor, action, target type and local days in the workspace's zone", async () => {
    const { workspace, owner } = await trail();
    const actions = async (params: Record<string, string>) => (await listAuditEvents(workspace.id, ZONE, query(params))).events.map((e) => e.action);
    expect(await actions({ actor_kind: "api_key" })).toEqual(expect.arrayContaining(["connection.connected", "connection.disconnected"]));
    expect(await actions({ actor_kind: "api_key" })).toHaveLength(2);
    expect((await actions({ actor_id: owner.id })).sort()).toEqual(["api_key.created", "member.role_changed"]);
    expect(await actions({ action: "member.role_changed" })).toEqual(["member.role_changed"]);
    expect(await actions({ target_type: "connection" })).toHaveLength(2);
    // 04:30 UTC on 1 December is still 30 November in New York.
    expect((await actions({ from: "2026-11-30", to: "2026-11-30" })).sort()).toEqual(["member.role_changed"]);
    expect((await actions({ from: "2026-12-01", to: "2026-12-01" })).sort()).toEqual(["connection.connected", "connection.disconnected"]);
    expect(await actions({ from: "2026-12-02" })).toEqual(["workspace.settings_changed"]);
  });

  it("shows each event's label, actor, target, hash prefix and before/after", async () => {
    const { workspace, owner } = await trail();
    const [event] = (await listAuditEvents(workspace.id, ZONE, query({ action: "member.role_changed" }))).events;
    expect(event).toMatchObject({
      label: "Changed a member's role",
      actor: { kind: "user", id: owner.id },
      target: { type: "member", id: "m-1" },
      changes: { role: { before: "member", after: "admin" } },
      occurred_at: "2026-12-01T04:30:00.000Z",
    });
    expect(event!.ip_hash_prefix === null || event!.ip_hash_prefix.length === 8).toBe(true);
    expect(await db.auditEvent.count({ where: { workspaceId: workspace.id } })).toBe(5);
  });

  it("refuses a malformed parameter by name", () => {
    expect(expectAppErrorSync(() => query({ colour: "red" }), "bad_request").fields).toHaveProperty("colour");
    expect(expectAppErrorSync(() => query({ actor_kind: "robot" }), "bad_request").fields).toHaveProperty("actor_kind");
    expect(expectAppErrorSync(() => query({ action: "nothing.done" }), "bad_request").fields).toHaveProperty("action");
    expect(expectAppErrorSync(() => query({ from: "2026-13-45" }), "bad_request").fields).toHaveProperty("from");
    expect(expectAppErrorSync(() => query({ from: "2026-12-02", to: "2026-12-01" }), "bad_request").fields).toHaveProperty("to");
    expect(expectAppErrorSync(() => query({ limit: "0" }), "bad_request").fields).toHaveProperty("limit");
  });

  it("refuses a cursor it did not make", async () => {
    const { workspace } = await trail();
    await expect(listAuditEvents(workspace.id, ZONE, query({ cursor: "not-a-cursor" }))).rejects.toMatchObject({ fields: { cursor: expect.any(String) } });
  });
});

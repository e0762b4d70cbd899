import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/workspaces/[slug]/audit-events/route";
import { AUDIT_CSV_COLUMNS } from "@/lib/audit/csv";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { withContext } from "@/lib/log/context";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { apiKey } from "../dashboards/support";
import { call } from "../exports/support";

// The audit trail's API: filters, keyset pages, the CSV (every matching row, parsed back), 400s
// naming the field, admins only, one workspace only, and the CSV download recorded in the trail.

const ZONE = "Europe/Berlin";
const path = (slug: string, query = "") => `/api/v1/workspaces/${slug}/audit-events${query ? `?${query}` : ""}`;

async function trail(count = 7) {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  await db.workspace.update({ where: { id: workspace.id }, data: { timeZone: ZONE } });
  const admin = await apiKey(workspace.id, owner.id, "admin");
  // The trail starts empty, so each test knows every event in it (making the key recorded one).
  await db.auditEvent.deleteMany({ where: { workspaceId: workspace.id } });
  const actor = { kind: "user" as const, id: owner.id };
  // 23:30 UTC on 1 December is already 2 December in Berlin.
  await recordAudit(null, { workspaceId: workspace.id, action: "member.role_changed", target: { type: "member", id: "m-1" }, actor, occurredAt: new Date("2026-12-01T23:30:00Z"), changes: { role: { before: "member", after: "admin" } } });
  await recordAudit(null, { workspaceId: workspace.id, action: "member.removed", target: { type: "member", id: "m-2" }, actor, occurredAt: new Date("2026-12-01T10:00:00Z") });
  await recordAudit(null, { workspaceId: workspace.id, action: "api_key.revoked", target: { type: "api_key", id: "k-1" }, actor: { kind: "api_key", id: "k-9" }, occurredAt: new Date("2026-12-01T09:00:00Z") });
  // A changed secret is kept as [redacted] by the recorder's callers; the CSV carries it as it is.
  await recordAudit(null, { workspaceId: workspace.id, action: "connection.settings_changed", target: { type: "connection", id: "c-1" }, actor, occurredAt: new Date("2026-11-20T09:00:00Z"), changes: { access_token: { before: "[redacted]", after: "[redacted]" }, name: { before: 'Shop, "old"', after: "=Shop" } } });
  await withContext({ requestId: "r-1", ip: "203.0.113.7" }, () =>
    recordAudit(null, { workspaceId: workspace.id, action: "invitation.created", target: { type: "invitation", id: "i-1" }, actor, occurredAt: new Date("2026-11-19T09:00:00Z") }),
  );
  for (let i = 0; i < count - 5; i++) {
    await recordAudit(null, { workspaceId: workspace.id, action: "dashboard.deleted", target: { type: "dashboard", id: `d-${i}` }, actor, occurredAt: new Date(Date.UTC(2026, 10, 1, 9, 0, i)) });
  }
  return { owner, workspace, admin };
}

async function json(slug: string, key: string, query = "") {
  const response = await call(GET, "GET", path(slug, query), { slug }, key);
  return { status: response.status, body: await response.json() };
}

describe("GET /api/v1/workspaces/{slug}/audit-events", () => {
  it("filters by action, group, actor, target and local days, newest first", async () => {
    const { workspace, admin, owner } = await trail();
    const actions = async (query: string) => {
      const { status, body } = await json(workspace.slug, admin, query);
      expect(status, query).toBe(200);
      return (body.events as { action: string }[]).map((e) => e.action);
    };
    expect(await actions("action=member.role_changed")).toEqual(["member.role_changed"]);
    expect(await actions("action=member.*")).toEqual(["member.role_changed", "member.removed"]);
    // The group's underscore is matched as itself, not as a wildcard.
    expect(await actions("action=api_key.*")).toEqual(["api_key.revoked"]);
    expect(await actions("actor_kind=api_key")).toEqual(["api_key.revoked"]);
    expect(await actions(`actor_id=${owner.id}&target_type=member`)).toEqual(["member.role_changed", "member.removed"]);
    expect(await actions("target_type=member&target_id=m-2")).toEqual(["member.removed"]);
    expect(await actions("from=2026-12-02&to=2026-12-02")).toEqual(["member.role_changed"]);
    expect(await actions("from=2026-12-01&to=2026-12-01")).toEqual(["member.removed", "api_key.revoked"]);

    const { body } = await json(workspace.slug, admin, "action=member.role_changed");
    expect(body.events[0]).toMatchObject({
      occurred_at: "2026-12-01T23:30:00.000Z",
      occurred_local: "2026-12-02 00:30",
      label: "Changed a member's role",
      actor: { kind: "user", id: owner.id },
      changes: { role: { before: "member", after: "admin" } },
    });
  });

  it("pages by cursor, every event once", async () => {
    const { workspace, admin } = await trail(12);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const { status, body } = await json(workspace.slug, admin, `limit=5${cursor ? `&cursor=${cursor}` : ""}`);
      expect(status).toBe(200);
      seen.push(...(body.events as { id: string }[]).map((e) => e.id));
      cursor = body.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
  });

  it("gives every matching event as CSV, address only as a hash, before/after as JSON, and records the download", async () => {
    const { workspace, admin } = await trail(8);
    const response = await call(GET, "GET", path(workspace.slug, "format=csv"), { slug: workspace.slug }, admin);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="signalboard-audit-/);
    const text = await response.text();
    expect(text).not.toContain("203.0.113.7");
    const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([...AUDIT_CSV_COLUMNS]);
    const rows = parsed.data;
    // The download is recorded as it is served, so the file starts with its own record.
    expect(rows).toHaveLength(9);
    expect(rows[0]!).toMatchObject({ action: "audit.exported", actor_kind: "api_key", target_type: "audit_trail" });
    expect(rows[1]!.action).toBe("member.role_changed");
    expect(rows[1]!.occurred_local).toBe("2026-12-02 00:30");
    expect(JSON.parse(rows[1]!.changes!)).toEqual({ role: { before: "member", after: "admin" } });
    const settings = rows.find((r) => r.action === "connection.settings_changed")!;
    // A cell a spreadsheet would run as a formula is neutralised; the JSON keeps the values as given.
    expect(JSON.parse(settings.changes!)).toEqual({ access_token: { before: "[redacted]", after: "[redacted]" }, name: { before: 'Shop, "old"', after: "=Shop" } });
    const invited = rows.find((r) => r.action === "invitation.created")!;
    expect(invited.ip_hash_prefix).toMatch(/^[0-9a-f]{8}$/);

    const filtered = await call(GET, "GET", path(workspace.slug, "format=csv&action=member.*&from=2026-12-01"), { slug: workspace.slug }, admin);
    const filteredRows = Papa.parse<Record<string, string>>((await filtered.text()).trim(), { header: true }).data;
    expect(filteredRows.map((r) => r.action)).toEqual(["member.role_changed", "member.removed"]);

    const exported = await db.auditEvent.findMany({ where: { workspaceId: workspace.id, action: "audit.exported" }, orderBy: { occurredAt: "asc" } });
    expect(exported).toHaveLength(2);
    expect(exported[0]).toMatchObject({ actorKind: "api_key", targetType: "audit_trail" });
    expect(exported[1]!.changes).toEqual({ filters: { before: null, after: "action=member.*&from=2026-12-01" } });
  });

  it("streams a trail longer than one read page", async () => {
    const { workspace, admin } = await trail(5);
    const many = Array.from({ length: 620 }, (_, i) => ({
      workspaceId: workspace.id, action: "dashboard.deleted", targetType: "dashboard", targetId: `bulk-${i}`, actorKind: "system" as const, occurredAt: new Date(Date.UTC(2026, 9, 1, 0, 0, i)),
    }));
    await db.auditEvent.createMany({ data: many });
    const response = await call(GET, "GET", path(workspace.slug, "format=csv&action=dashboard.deleted"), { slug: workspace.slug }, admin);
    const rows = Papa.parse<Record<string, string>>((await response.text()).trim(), { header: true }).data;
    expect(rows).toHaveLength(620);
    expect(new Set(rows.map((r) => r.target_id)).size).toBe(620);
  });

  it("answers a malformed filter with a 400 naming it", async () => {
    const { workspace, admin } = await trail();
    const cases: [string, string][] = [
      ["action=nothing.done", "action"],
      ["action=nothing.*", "action"],
      ["actor_kind=robot", "actor_kind"],
      ["from=2026-02-31x", "from"],
      ["from=2026-12-05&to=2026-12-01", "to"],
      ["limit=0", "limit"],
      ["limit=abc", "limit"],
      ["cursor=not-a-cursor", "cursor"],
      ["format=xml", "format"],
      ["format=csv&limit=10", "limit"],
      ["colour=red", "colour"],
      [`target_id=${"x".repeat(201)}`, "target_id"],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await json(workspace.slug, admin, query);
      expect(status, query).toBe(400);
      expect(body.error.fields, query).toHaveProperty(field);
    }
    // Nothing was exported by a refused request.
    expect(await db.auditEvent.count({ where: { workspaceId: workspace.id, action: "audit.exported" } })).toBe(0);
  });

  it("is for admins and owners of this workspace: a member or viewer is refused, another workspace's key finds nothing", async () => {
    const { workspace, owner, admin } = await trail();
    const ownerKey = await apiKey(workspace.id, owner.id, "owner");
    expect((await json(workspace.slug, ownerKey)).status).toBe(200);
    expect((await json(workspace.slug, admin)).status).toBe(200);
    for (const role of ["member", "viewer"] as const) {
      const key = await apiKey(workspace.id, owner.id, role);
      const { status, body } = await json(workspace.slug, key);
      expect(status, role).toBe(403);
      expect(body.events).toBeUndefined();
      expect((await call(GET, "GET", path(workspace.slug, "format=csv"), { slug: workspace.slug }, key)).status, role).toBe(403);
    }
    const other = await trail();
    const { status, body } = await json(workspace.slug, other.admin);
    expect(status).toBe(404);
    expect(body.events).toBeUndefined();
    expect((await call(GET, "GET", path(workspace.slug, "format=csv"), { slug: workspace.slug }, other.admin)).status).toBe(404);
    // Each workspace's trail holds its own events and none of the other's.
    const ids = async (slug: string, key: string) => new Set(((await json(slug, key, "limit=500")).body.events as { id: string }[]).map((e) => e.id));
    const mine = await ids(workspace.slug, admin);
    const theirs = await ids(other.workspace.slug, other.admin);
    expect(mine.size).toBe(await db.auditEvent.count({ where: { workspaceId: workspace.id } }));
    expect(theirs.size).toBe(await db.auditEvent.count({ where: { workspaceId: other.workspace.id } }));
    expect([...mine].filter((id) => theirs.has(id))).toEqual([]);
    expect(await db.auditEvent.count({ where: { workspaceId: workspace.id, action: "audit.exported" } })).toBe(0);
  });
});

import { describe, expect, it } from "vitest";
import { createApiKey, rotateApiKey } from "@/lib/api-keys/service";
import { db } from "@/lib/db/client";
import { withContext } from "@/lib/log/context";
import { changeMemberRole, removeMember } from "@/lib/members/service";
import { createDestination } from "@/lib/notifications/destinations";
import { keyedHash } from "@/lib/crypto/secrets";
import { auditActorOf } from "@/lib/tenancy/guard";
import { updateWorkspace } from "@/lib/workspaces/service";
import { workspaceWith } from "../helpers";

const eventsOf = (workspaceId: string) => db.auditEvent.findMany({ where: { workspaceId }, orderBy: { occurredAt: "asc" } });

describe("recordAudit through the services", () => {
  it("records a role change with its actor, the hashed address and the role before and after, in this workspace only", async () => {
    const { workspace, ownerContext, owner, members } = await workspaceWith(["member"]);
    const other = await workspaceWith(["member"]);
    const target = members[0]!.user.id;
    await withContext({ ip: "203.0.113.7" }, () => changeMemberRole(ownerContext, target, { role: "admin" }));
    const [event, ...rest] = await eventsOf(workspace.id);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      action: "member.role_changed",
      actorKind: "user",
      actorId: owner.id,
      targetType: "member",
      targetId: target,
      ipHash: keyedHash("ip:203.0.113.7"),
      changes: { role: { before: "member", after: "admin" } },
    });
    expect(JSON.stringify(event)).not.toContain("203.0.113.7");
    expect(await eventsOf(other.workspace.id)).toEqual([]);
  });

  it("records nothing when the change is refused", async () => {
    const { workspace, members } = await workspaceWith(["admin", "owner"] as const);
    await expect(changeMemberRole(members[0]!.context, members[1]!.user.id, { role: "viewer" })).rejects.toThrow();
    expect(await eventsOf(workspace.id)).toEqual([]);
  });

  it("tells a removal from leaving", async () => {
    const { workspace, ownerContext, members } = await workspaceWith(["member", "viewer"]);
    await removeMember(ownerContext, members[0]!.user.id);
    await removeMember(members[1]!.context, members[1]!.user.id);
    expect((await eventsOf(workspace.id)).map((e) => [e.action, e.actorId, e.targetId])).toEqual([
      ["member.removed", ownerContext.actor.kind === "user" ? ownerContext.actor.userId : null, members[0]!.user.id],
      ["member.left", members[1]!.user.id, members[1]!.user.id],
    ]);
  });

  it("never stores an API key's secret, and takes the actor from the request's context", async () => {
    const { workspace, ownerContext } = await workspaceWith();
    const { key, apiKey } = await withContext({ actor: auditActorOf(ownerContext) }, () =>
      createApiKey(workspace.id, { userId: null, role: "owner" }, { name: "Reporting", role: "viewer" }),
    );
    const rotated = await withContext({ actor: auditActorOf(ownerContext) }, () => rotateApiKey(workspace.id, { userId: null, role: "owner" }, apiKey.id));
    const events = await eventsOf(workspace.id);
    expect(events.map((e) => [e.action, e.actorKind, e.targetId])).toEqual([
      ["api_key.created", "user", apiKey.id],
      ["api_key.rotated", "user", apiKey.id],
    ]);
    expect(events[0]!.changes).toMatchObject({ name: { before: null, after: "Reporting" }, role: { before: null, after: "viewer" } });
    const stored = JSON.stringify(events);
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(rotated.key);
    expect(stored).not.toContain(key.split(".")[1]!);
  });

  it("keeps that a destination's URL and secret changed, never their values", async () => {
    const { workspace } = await workspaceWith();
    const url = "https://hooks.example.test/services/T000/B000/very-secret-path";
    await createDestination(workspace.id, null, { kind: "webhook", name: "Ops", url });
    const [event] = await eventsOf(workspace.id);
    expect(event!.actorKind).toBe("system");
    expect(event!.changes).toMatchObject({ name: { before: null, after: "Ops" }, url: { before: null, after: "[redacted]" }, secret: { before: null, after: "[redacted]" } });
    expect(JSON.stringify(event)).not.toContain("very-secret-path");
  });

  it("records only the workspace settings that changed", async () => {
    const { workspace } = await workspaceWith();
    await updateWorkspace(workspace.id, { name: "Renamed shop" });
    const [event] = await eventsOf(workspace.id);
    expect(event!.action).toBe("workspace.settings_changed");
    expect(event!.changes).toEqual({ name: { before: workspace.name, after: "Renamed shop" } });
  });
});

describe("sweepExpiredAuditEvents", () => {
  it("deletes every workspace's events older than the retention period, in batches, and keeps the rest", async () => {
    const { sweepExpiredAuditEvents, AUDIT_RETENTION_DAYS } = await import("@/lib/audit/retention");
    const { recordAudit } = await import("@/lib/audit/record");
    const a = await workspaceWith();
    const b = await workspaceWith();
    const now = new Date();
    const day = 86_400_000;
    const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * day);
    for (const [workspaceId, daysAgo] of [[a.workspace.id, AUDIT_RETENTION_DAYS + 1], [a.workspace.id, AUDIT_RETENTION_DAYS - 1], [b.workspace.id, AUDIT_RETENTION_DAYS + 30], [b.workspace.id, AUDIT_RETENTION_DAYS + 2]] as const) {
      await recordAudit(null, { workspaceId, action: "dashboard.deleted", target: { type: "dashboard", id: String(daysAgo) }, occurredAt: at(daysAgo) });
    }
    expect(await sweepExpiredAuditEvents(now, 1)).toBe(3);
    expect((await db.auditEvent.findMany({ where: { workspaceId: { in: [a.workspace.id, b.workspace.id] } } })).map((e) => e.targetId)).toEqual([String(AUDIT_RETENTION_DAYS - 1)]);
  });
});

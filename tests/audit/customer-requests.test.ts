import { describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/v1/workspaces/[slug]/customers/data-requests/route";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { apiKey } from "../dashboards/support";
import { call } from "../exports/support";

// A customer's GDPR export or erasure through the API is recorded in the workspace's trail: the
// request's id as the target, the key that asked as the actor, and never the person's email.

vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => undefined) }));

const EMAIL = "gdpr.subject@example.com";

describe("customer data requests in the audit trail", () => {
  it("records an export and an erasure, naming the request and not the person", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const key = await apiKey(workspace.id, owner.id, "admin");
    const keyRow = await db.apiKey.findFirstOrThrow({ where: { workspaceId: workspace.id, name: "admin key" } });
    const ask = (body: unknown) => call(POST, "POST", `/api/v1/workspaces/${workspace.slug}/customers/data-requests`, { slug: workspace.slug }, key, JSON.stringify(body));

    const exported = await (await ask({ type: "export", email: EMAIL })).json();
    const erased = await (await ask({ type: "erase", email: EMAIL })).json();
    const refused = await ask({ type: "erase", email: "not-an-email" });
    expect(refused.status).toBe(400);

    const events = await db.auditEvent.findMany({ where: { workspaceId: workspace.id, action: { startsWith: "customer_data." } }, orderBy: { occurredAt: "asc" } });
    expect(events.map((e) => [e.action, e.targetType, e.targetId, e.actorKind, e.actorId])).toEqual([
      ["customer_data.exported", "customer_data_request", exported.id, "api_key", keyRow.id],
      ["customer_data.deleted", "customer_data_request", erased.id, "api_key", keyRow.id],
    ]);
    expect(events[0]!.changes).toEqual({ identified_by: { before: null, after: "email" }, found: { before: null, after: false } });
    expect(JSON.stringify(events).toLowerCase()).not.toContain("gdpr.subject");
  });
});

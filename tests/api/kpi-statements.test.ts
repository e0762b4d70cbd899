import { NextRequest } from "next/server";
import { Client } from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as keyReport } from "@/app/api/v1/reports/kpi/route";
import { GET as workspaceReport } from "@/app/api/v1/workspaces/[slug]/reports/kpi/route";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { apiKey } from "../dashboards/support";
import { unique } from "../helpers";

// A KPI report already in the result cache should cost the database as little as the guarantees
// allow: the key, its creator's current role and the workspace in one statement, then everything
// a report reads fresh on every request (revision, product groups, rebuild, freshness) in another.
// Every statement, Prisma's included, goes through pg's Client.query, so counting its calls
// counts round trips. Both are named (prepared) statements, so they are parsed and planned once
// per connection.

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

const RANGE = "date_from=2026-01-05&date_to=2026-01-11&metrics=total_sales,orders,aov,ad_spend,mer&compare=previous_period";

async function reportingWorkspace() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "America/New_York", currency: "USD" });
  // Rows of their own straight in the tables: a service would queue background work (a backfill,
  // a rebuild) whose statements would be counted too.
  await db.connection.create({
    data: { workspaceId: workspace.id, provider: "google_ads", externalAccountId: unique("acct"), displayName: "Ads", credentials: sealJson({}), scopes: [] },
  });
  await db.productGroup.create({ data: { workspaceId: workspace.id, key: "shirts", name: "Shirts", rules: [{ field: "tag", value: "shirt" }] } });
  const key = await apiKey(workspace.id, owner.id, "viewer");
  return { workspace, key };
}

const get = (url: string, key: string) => new NextRequest(url, { headers: { authorization: `Bearer ${key}` } });

type Statement = { text: string; name: string | null };

/** The statements `work` sends (with their prepared statement names), and its result. */
async function counting<T>(work: () => Promise<T>): Promise<{ statements: Statement[]; result: T }> {
  const statements: Statement[] = [];
  const original = Client.prototype.query;
  const spy = vi.spyOn(Client.prototype, "query").mockImplementation(function (this: Client, ...args: unknown[]) {
    const first = args[0] as string | { text: string; name?: string };
    statements.push(typeof first === "string" ? { text: first, name: null } : { text: first.text, name: first.name ?? null });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as never);
  try {
    return { statements, result: await work() };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe("a cached KPI report over the API", () => {
  it("takes two statements by slug, and the same answer as the first request", async () => {
    const { workspace, key } = await reportingWorkspace();
    const url = `http://localhost/api/v1/workspaces/${workspace.slug}/reports/kpi?${RANGE}`;
    const ask = () => workspaceReport(get(url, key), { params: Promise.resolve({ slug: workspace.slug }) });
    // The first request computes the report and records the key's use.
    const first = await ask();
    expect(first.status).toBe(200);
    const firstBody = await first.json();

    const { statements, result } = await counting(ask);
    expect(result.status).toBe(200);
    expect(await result.json()).toEqual(firstBody);
    expect(statements).toHaveLength(2);
    // Prepared: a connection parses and plans each once, not on every request.
    expect(statements.map((statement) => statement.name)).toEqual(["api-key-presented", "report-context"]);
  });

  it("takes two statements when the key alone names the workspace", async () => {
    const { key } = await reportingWorkspace();
    const ask = () => keyReport(get(`http://localhost/api/v1/reports/kpi?${RANGE}`, key));
    expect((await ask()).status).toBe(200);
    const { statements, result } = await counting(ask);
    expect(result.status).toBe(200);
    expect(statements).toHaveLength(2);
  });

  it("still reads the creator's role, the rebuild and freshness within those two", async () => {
    const { workspace, key } = await reportingWorkspace();
    const url = `http://localhost/api/v1/workspaces/${workspace.slug}/reports/kpi?${RANGE}`;
    const ask = () => workspaceReport(get(url, key), { params: Promise.resolve({ slug: workspace.slug }) });
    expect((await ask()).status).toBe(200);

    // Changes made between two cached requests show in the second one.
    await db.connection.updateMany({ where: { workspaceId: workspace.id }, data: { lastSuccessAt: new Date("2026-01-12T10:00:00Z") } });
    await db.rollupRebuild.create({
      data: { workspaceId: workspace.id, reason: "test", status: "running", fromDay: new Date("2026-01-01"), toDay: new Date("2026-01-11"), daysTotal: 11, daysDone: 4 },
    });
    const { statements, result } = await counting(ask);
    expect(statements).toHaveLength(2);
    const body = (await result.json()) as { freshness: { last_synced_at: string | null }; rebuilding: boolean; rebuild_progress: unknown };
    expect(body.freshness.last_synced_at).toBe("2026-01-12T10:00:00.000Z");
    expect(body).toMatchObject({ rebuilding: true, rebuild_progress: { days_done: 4, days_total: 11 } });

    const owner = await db.membership.findFirstOrThrow({ where: { workspaceId: workspace.id, role: "owner" } });
    await db.membership.delete({ where: { workspaceId_userId: { workspaceId: workspace.id, userId: owner.userId } } });
    expect((await ask()).status).toBe(401);
  });
});

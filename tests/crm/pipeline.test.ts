import { setupServer } from "msw/node";
import { NextRequest } from "next/server";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as getPipeline } from "@/app/api/v1/workspaces/[slug]/reports/pipeline/route";
import CrmPage from "@/app/w/[slug]/crm/page";
import { pipelineReport, type TPipelineReport } from "@/lib/crm/pipeline";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { signIn } from "../connect/support";
import { apiKey } from "../dashboards/support";
import { pageText } from "../helpers";
import page1 from "../fixtures/hubspot/deals_page1.json";
import { dealPages, defaultPages, hubspotHandlers, hubspotWorkspace, served, syncCrm, type DealsPage } from "./support";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));

// The pipeline report over the synced HubSpot fixtures, February and March 2026 (New York days).
// Deals made then: 1001 (won; appointment 02-01 10:00Z, qualified 02-05 16:00, back to appointment
// 02-07 14:00, qualified 02-10 09:30, contract 02-20 11:00, won 03-10 15:00), 1002 (open in contract
// sent; appointment 03-02 08:15, contract 03-12 10:00) and 1006 (lost, no history). The refused
// deals 1003-1005 count nowhere.

const server = setupServer(...hubspotHandlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => void (dealPages.current = defaultPages()));

const RANGE = { dateFrom: "2026-02-01", dateTo: "2026-03-31" };
const QUERY = "?date_from=2026-02-01&date_to=2026-03-31";

async function call(slug: string, key: string, query = QUERY) {
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${slug}/reports/pipeline${query}`, { headers: { authorization: `Bearer ${key}` } });
  const response = await getPipeline(request, { params: Promise.resolve({ slug }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const render = async (slug: string, search: Record<string, string> = {}) =>
  pageText(renderToStaticMarkup(await CrmPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve(search) })));
const thrown = (promise: Promise<unknown>) => promise.then(() => "", (e: { digest?: string }) => e.digest ?? String(e));

describe("the pipeline report", () => {
  it("follows the range's deals through the stages: reached, went on, days in stage, standing", async () => {
    const { workspace, scope } = await hubspotWorkspace();
    expect((await syncCrm(scope)).outcome).toBe("succeeded");
    const report = await pipelineReport(workspace.id, RANGE);

    expect(report.connected).toBe(true);
    expect(report.totals).toMatchObject({ offline_revenue: "12000.00", deals_won: 1, deals_lost: 1, deals_open: 1, win_rate: "0.5000" });
    expect(report.pipelines).toHaveLength(1);
    const stages = report.pipelines[0]!.stages.map((s) => [s.id, s.reached, s.conversion, s.avg_days_in_stage, s.standing]);
    expect(stages).toEqual([
      // 1001's two stays (4.25 d, then 2.8125 d) and 1002's 10.0729 d: 17.1354 / 3.
      ["appointmentscheduled", 2, null, "5.71", 0],
      // 1.9167 d and 10.0625 d.
      ["qualifiedtobuy", 2, "1.0000", "5.99", 0],
      // 1001 stayed 18.1667 d before it was won; 1002 stands there still.
      ["contractsent", 2, "1.0000", "18.17", 1],
      ["closedwon", 1, "0.5000", null, 1],
      // Lost deals are counted where they ended, outside the funnel's conversions.
      ["closedlost", 1, null, null, 1],
    ]);
    // Closed deals on their close day, open ones on the day they were made; the newest first.
    expect(report.deals.map((d) => [d.id, d.status, d.stage, d.value, d.closed_on])).toEqual([
      ["1006", "lost", "Closed Lost", expect.stringMatching(/^\d+\.\d{2}$/), "2026-03-20"],
      ["1001", "won", "Closed Won", "12000.00", "2026-03-10"],
      ["1002", "open", "Contract Sent", expect.stringMatching(/^\d+\.\d{2}$/), null],
    ]);
    expect(report.deals_total).toBe(3);

    // March alone: 1001 was made in February, so the funnel has 1002 only; it still closed in March.
    const march = await pipelineReport(workspace.id, { dateFrom: "2026-03-01", dateTo: "2026-03-31" });
    expect(march.pipelines[0]!.stages.map((s) => s.reached)).toEqual([1, 1, 1, 0, 1]);
    expect(march.deals.map((d) => d.id)).toEqual(["1006", "1001", "1002"]);
  });

  it("answers the API for the caller's workspace only, and names a bad parameter", async () => {
    const { workspace, scope, owner } = await hubspotWorkspace();
    await syncCrm(scope);
    const key = await apiKey(workspace.id, owner.id, "viewer");
    const mine = await call(workspace.slug, key);
    expect(mine.status).toBe(200);
    expect((mine.body as unknown as TPipelineReport).deals).toHaveLength(3);

    for (const [query, field] of [["?date_from=2026-13-01", "date_from"], ["?date_from=2026-03-02&date_to=2026-03-01", "date_to"], ["?stage=x", "stage"]] as const) {
      const bad = await call(workspace.slug, key, query);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain(field);
    }

    const stranger = await seedUser();
    const other = await seedWorkspace(stranger.id);
    const otherKey = await apiKey(other.id, stranger.id, "viewer");
    expect((await call(workspace.slug, otherKey)).status).toBe(404);
    const theirs = (await call(other.slug, otherKey)).body as unknown as TPipelineReport;
    expect(theirs).toMatchObject({ connected: false, deals: [], pipelines: [], deals_total: 0 });
  });

  it("draws the page, an empty state pointing to connect, and a 404 for a stranger", async () => {
    const { workspace, scope, owner } = await hubspotWorkspace();
    await syncCrm(scope);
    signIn(owner);
    const text = await render(workspace.slug, { date_from: "2026-02-01", date_to: "2026-03-31" });
    expect(text).toContain("Sales Pipeline");
    expect(text).toContain("Acme annual licence");
    expect(text).toContain("$12,000.00");
    expect(text).toContain("50.0 %");
    // The deals HubSpot sent that were not taken, each with its field, newest first.
    expect(text).toContain("Rows not taken as sent");
    expect(text).toMatch(/#1003\s*HubSpot 1003\s*amount\s*The deal has no amount\./);
    expect(text).toMatch(/#1005\s*HubSpot 1005\s*stage/);
    expect(await render(workspace.slug, { date_from: "nope" })).toContain("date_from: write the day as YYYY-MM-DD.");

    const stranger = await seedUser();
    const empty = await seedWorkspace(stranger.id);
    signIn(stranger);
    expect(await render(empty.slug)).toContain("No CRM is connected yet");
    // Another workspace's CRM, connected and clean, shows none of the first one's rows.
    const theirs = await hubspotWorkspace();
    signIn(theirs.owner);
    dealPages.current = { first: served({ ...page1, results: page1.results.slice(0, 2), paging: undefined } as DealsPage) };
    await syncCrm(theirs.scope);
    const their = await render(theirs.workspace.slug, { date_from: "2026-02-01", date_to: "2026-03-31" });
    expect(their).toContain("Acme annual licence");
    expect(their).not.toContain("Rows not taken as sent");
    signIn(stranger);
    expect(await thrown(render(workspace.slug))).toMatch(/NEXT_HTTP_ERROR_FALLBACK;404/);
  });
});

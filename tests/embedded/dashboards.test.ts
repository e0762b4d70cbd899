import { beforeEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/embedded/dashboards/route";
import { listDashboards } from "@/lib/dashboards/service";
import { callEmbedded, configureApp, installedShop, sessionToken } from "./support";

describe("GET /api/embedded/dashboards", () => {
  beforeEach(() => configureApp(vi.stubEnv));

  it("answers the workspace's default dashboard, Overview, with every KPI widget's report", async () => {
    const { shop, sub } = await installedShop("member");
    const { status, body } = await callEmbedded(GET, { token: await sessionToken(shop, sub), path: "/api/embedded/dashboards?range=last_7_days" });
    expect(status).toBe(200);
    const dashboard = body!.dashboard as { name: string; widgets: { type: string }[] };
    expect(dashboard.name).toBe("Overview");
    expect((body!.selection as { preset: string }).preset).toBe("last_7_days");
    const kpis = dashboard.widgets.filter((w) => w.type === "kpi").length;
    expect(kpis).toBeGreaterThan(0);
    // Widgets that share a request share its report: at least one, never more than the widgets.
    const reports = Object.values(body!.reports as Record<string, { rows: unknown[] }>);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.length).toBeLessThanOrEqual(dashboard.widgets.length);
    expect(body!.failed).toEqual([]);
  });

  it("opens another of the workspace's dashboards by id", async () => {
    const { shop, sub, workspace } = await installedShop();
    const ads = (await listDashboards(workspace.id)).find((d) => !d.is_default)!;
    const { status, body } = await callEmbedded(GET, { token: await sessionToken(shop, sub), path: `/api/embedded/dashboards?dashboard=${ads.id}` });
    expect(status).toBe(200);
    expect((body!.dashboard as { id: string }).id).toBe(ads.id);
  });

  it("does not find another shop's dashboard, nor an id that is not one", async () => {
    const mine = await installedShop();
    const theirs = await installedShop();
    const foreign = (await listDashboards(theirs.workspace.id))[0]!.id;
    const token = await sessionToken(mine.shop, mine.sub);
    for (const id of [foreign, "not-an-id"]) {
      const { status, body } = await callEmbedded(GET, { token, path: `/api/embedded/dashboards?dashboard=${id}` });
      expect(status).toBe(404);
      expect(JSON.stringify(body)).not.toContain(theirs.workspace.id);
    }
  });

  it("refuses a token signed with another secret with 401 and the reload hint", async () => {
    const { shop, sub } = await installedShop();
    const { status, body, headers } = await callEmbedded(GET, { token: await sessionToken(shop, sub, {}, "forged-secret"), path: "/api/embedded/dashboards" });
    expect(status).toBe(401);
    expect((body!.error as { reload: boolean; message: string }).reload).toBe(true);
    expect((body!.error as { message: string }).message).toMatch(/Reload Signalboard from your Shopify admin/);
    expect(headers.get("x-shopify-retry-invalid-session-request")).toBe("1");
  });
});

import { beforeEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/embedded/dashboards/route";
import EmbeddedDashboardsPage from "@/app/embedded/dashboards/page";
import EmbeddedHomePage from "@/app/embedded/page";
import { db } from "@/lib/db/client";
import { listDashboards } from "@/lib/dashboards/service";
import type { EmbeddedDashboard } from "@/lib/embedded/dashboards";
import { documentContext } from "@/lib/embedded/document";
import type { EmbeddedHomeFirstView } from "@/lib/embedded/home";
import { callEmbedded, configureApp, installCounts, installedShop, sessionToken, uniqueShop } from "./support";

// The embedded documents read their first view on the server from the id_token the admin puts in
// the app's URL: the same checks as the API's guard, nothing written, and anything short of a
// joined staff member of an installed shop renders the page without figures (the browser's
// session call then says why).

const now = () => Math.floor(Date.now() / 1000);
type Props = { props: { initial: unknown } };
const homeInitial = async (query: Record<string, string>) =>
  ((await EmbeddedHomePage({ searchParams: Promise.resolve(query) })) as unknown as Props).props.initial as EmbeddedHomeFirstView | null;
const dashboardsInitial = async (query: Record<string, string>) =>
  ((await EmbeddedDashboardsPage({ searchParams: Promise.resolve(query) })) as unknown as Props).props.initial as EmbeddedDashboard | null;

describe("the embedded documents' first view", () => {
  beforeEach(() => configureApp(vi.stubEnv));

  it("renders the home's store and KPI cards for the token's shop, and only those cards", async () => {
    const { shop, sub, workspace, connection } = await installedShop("member");
    const initial = await homeInitial({ shop, host: "aG9zdA", embedded: "1", id_token: await sessionToken(shop, sub) });
    expect(initial).not.toBeNull();
    expect(initial!.home.workspace.id).toBe(workspace.id);
    expect(initial!.home.store?.id).toBe(connection.id);
    const types = new Set(initial!.overview.dashboard.widgets.map((w) => w.type));
    expect([...types]).toEqual(["kpi"]);
    expect(Object.keys(initial!.overview.reports).length).toBeGreaterThan(0);
    // The whole Overview has more than its KPI cards, which the home does not send.
    const whole = await callEmbedded(GET, { token: await sessionToken(shop, sub), path: "/api/embedded/dashboards" });
    expect((whole.body!.dashboard as { widgets: unknown[] }).widgets.length).toBeGreaterThan(initial!.overview.dashboard.widgets.length);
  });

  it("renders the dashboard and range of the URL, and leaves another workspace's dashboard to the browser", async () => {
    const { shop, sub, workspace } = await installedShop();
    const theirs = await installedShop();
    const ads = (await listDashboards(workspace.id)).find((d) => !d.is_default)!;
    const token = await sessionToken(shop, sub);
    const initial = await dashboardsInitial({ shop, id_token: token, dashboard: ads.id, range: "last_7_days" });
    expect(initial!.dashboard.id).toBe(ads.id);
    expect(initial!.selection.preset).toBe("last_7_days");
    const foreign = (await listDashboards(theirs.workspace.id))[0]!.id;
    expect(await dashboardsInitial({ shop, id_token: token, dashboard: foreign })).toBeNull();
  });

  it("renders nothing for a token the guard refuses, another shop's token, a shop not installed or a staff member not joined, and writes nothing", async () => {
    const { shop, sub } = await installedShop();
    const other = await installedShop();
    const stranger = uniqueShop();
    const before = await installCounts();
    const cases: [string, Record<string, string>][] = [
      ["no token", { shop }],
      ["a forged token", { shop, id_token: await sessionToken(shop, sub, {}, "forged-secret") }],
      ["an expired token", { shop, id_token: await sessionToken(shop, sub, { exp: now() - 60 }) }],
      ["a token for another app", { shop, id_token: await sessionToken(shop, sub, { aud: "someone-else" }) }],
      ["another shop's token in this shop's frame", { shop, id_token: await sessionToken(other.shop, other.sub) }],
      ["a shop that never installed", { shop: stranger, id_token: await sessionToken(stranger, "1") }],
      ["a staff member who has not joined", { shop, id_token: await sessionToken(shop, "999") }],
    ];
    for (const [what, query] of cases) {
      expect(await documentContext(query), what).toBeNull();
      expect(await homeInitial(query), what).toBeNull();
    }
    await db.embeddedShop.update({ where: { shop }, data: { uninstalledAt: new Date() } });
    expect(await homeInitial({ shop, id_token: await sessionToken(shop, sub) }), "an uninstalled shop's token").toBeNull();
    expect(await installCounts()).toEqual(before);
  });

  it("answers 400 naming widgets for a selection it does not know", async () => {
    const { shop, sub } = await installedShop();
    const { status, body } = await callEmbedded(GET, { token: await sessionToken(shop, sub), path: "/api/embedded/dashboards?widgets=charts" });
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain("widgets");
  });
});

import { describe, expect, it } from "vitest";
import { createDashboard, getDashboard } from "@/lib/dashboards/service";
import { addWidget, updateWidget } from "@/lib/dashboards/widgets";
import { createFunnel } from "@/lib/funnels/service";
import { expectAppError } from "../helpers";
import { freshWorkspace } from "../dashboards/support";

// Funnel widgets: a saved funnel of the workspace on a dashboard, no metrics of their own.

const layout = { x: 0, y: 0, w: 6, h: 5 };
const FUNNEL = { name: "Checkout", steps: [{ event: "page_view" }, { event: "checkout_completed" }] };

async function dashboardWithFunnel() {
  const { owner, workspace } = await freshWorkspace();
  const dashboard = await createDashboard(workspace.id, { name: "Funnels" }, owner.id);
  const funnel = await createFunnel(workspace.id, FUNNEL, owner.id);
  return { workspace, dashboard, funnel };
}

describe("funnel widgets", () => {
  it("are stored with their funnel and no metrics, and read back without a problem", async () => {
    const { workspace, dashboard, funnel } = await dashboardWithFunnel();
    const widget = await addWidget(workspace.id, dashboard.id, {
      type: "funnel", title: "Checkout", layout, config: { metrics: ["orders"], breakdown: "channel", funnel: { funnel_id: funnel.id } },
    });
    expect(widget).toMatchObject({ type: "funnel", problem: null });
    expect(widget.config).toMatchObject({ metrics: [], breakdown: null, funnel: { funnel_id: funnel.id } });
    const [read] = (await getDashboard(workspace.id, dashboard.id)).widgets;
    expect(read).toMatchObject({ type: "funnel", problem: null, config: { funnel: { funnel_id: funnel.id } } });
  });

  it("refuses a funnel widget without a funnel, or with another workspace's, naming the field", async () => {
    const { workspace, dashboard } = await dashboardWithFunnel();
    const other = await dashboardWithFunnel();
    for (const config of [{ metrics: [] }, { metrics: [], funnel: { funnel_id: other.funnel.id } }, { metrics: [], funnel: { funnel_id: "nope" } }]) {
      const error = await expectAppError(addWidget(workspace.id, dashboard.id, { type: "funnel", title: "x", layout, config }), "bad_request");
      expect(Object.keys(error.fields ?? {}), JSON.stringify(config)).toEqual(["config.funnel.funnel_id"]);
    }
  });

  it("turns a report widget into a funnel widget only with a new config", async () => {
    const { workspace, dashboard, funnel } = await dashboardWithFunnel();
    const kpi = await addWidget(workspace.id, dashboard.id, { type: "kpi", title: "Orders", layout, config: { metrics: ["orders"] } });
    const error = await expectAppError(updateWidget(workspace.id, dashboard.id, kpi.id, { type: "funnel" }), "bad_request");
    expect(Object.keys(error.fields ?? {})).toEqual(["config"]);
    const moved = await updateWidget(workspace.id, dashboard.id, kpi.id, { type: "funnel", config: { metrics: [], funnel: { funnel_id: funnel.id } } });
    expect(moved).toMatchObject({ type: "funnel", config: { metrics: [], funnel: { funnel_id: funnel.id } } });
  });
});

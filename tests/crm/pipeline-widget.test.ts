import { describe, expect, it } from "vitest";
import { createDashboard, getDashboard } from "@/lib/dashboards/service";
import { addWidget, updateWidget } from "@/lib/dashboards/widgets";
import { expectAppError } from "../helpers";
import { freshWorkspace } from "../dashboards/support";

// The CRM pipeline widget: it reads the pipeline report, so it needs no metrics, keeps none, and
// cannot turn into a report widget without a config of its own.

const layout = { x: 0, y: 0, w: 6, h: 5 };

describe("the pipeline widget", () => {
  it("is added without metrics, stored without any, and read back without a problem", async () => {
    const { owner, workspace } = await freshWorkspace();
    const dashboard = await createDashboard(workspace.id, { name: "Sales" }, owner.id);
    const widget = await addWidget(workspace.id, dashboard.id, {
      type: "pipeline", title: "Pipeline", layout,
      config: { metrics: ["total_sales"], breakdown: "channel", filters: {}, sort: null, limit: 10 },
    });
    expect(widget).toMatchObject({ type: "pipeline", problem: null, config: { metrics: [], breakdown: null } });
    const read = (await getDashboard(workspace.id, dashboard.id)).widgets.find((w) => w.id === widget.id)!;
    expect(read).toMatchObject({ type: "pipeline", problem: null });

    const error = await expectAppError(updateWidget(workspace.id, dashboard.id, widget.id, { type: "kpi" }), "bad_request");
    expect(error.fields).toHaveProperty("config");
  });
});

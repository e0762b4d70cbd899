import { describe, expect, it, vi } from "vitest";
import * as settingsRoute from "@/app/api/v1/workspaces/[slug]/activity/settings/route";
import { parseActivityForm } from "@/lib/activity/form";
import { DEFAULT_ACTIVITY_SETTINGS, getActivitySettings, toBody } from "@/lib/activity/settings";
import { scoreSeries } from "@/lib/activity/profile";
import { db } from "@/lib/db/client";
import { apiKey, call, errorFields, freshWorkspace } from "../dashboards/support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

const BODY = { ...toBody(DEFAULT_ACTIVITY_SETTINGS), weights: { ...DEFAULT_ACTIVITY_SETTINGS.weights, page_view: 0.5, custom: { wishlist_add: 2 } }, half_life_days: 14 };

describe("the activity settings API", () => {
  it("reads the defaults, saves an admin's settings and refuses a viewer, another workspace and bad fields", async () => {
    const { owner, workspace } = await freshWorkspace();
    const params = { slug: workspace.slug };
    const admin = await apiKey(workspace.id, owner.id, "admin");
    const viewer = await apiKey(workspace.id, owner.id, "viewer");

    const first = await call(settingsRoute.GET, { method: "GET", key: viewer, params });
    expect(first.status).toBe(200);
    expect(first.body).toEqual(toBody(DEFAULT_ACTIVITY_SETTINGS));

    expect((await call(settingsRoute.PUT, { method: "PUT", key: viewer, params, body: BODY })).status).toBe(403);
    const saved = await call(settingsRoute.PUT, { method: "PUT", key: admin, params, body: BODY });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual(BODY);
    expect((await getActivitySettings(workspace.id)).weights.custom).toEqual({ wishlist_add: 2 });
    const audited = await db.auditEvent.findMany({ where: { workspaceId: workspace.id, action: "activity_settings.changed" } });
    expect(audited).toHaveLength(1);
    expect(audited[0]?.actorKind).toBe("api_key");
    expect(audited[0]?.changes).toMatchObject({ half_life_days: { before: 7, after: 14 } });
    expect((await call(settingsRoute.GET, { method: "GET", key: viewer, params })).body).toEqual(BODY);

    const bad = async (body: unknown) => {
      const result = await call(settingsRoute.PUT, { method: "PUT", key: admin, params, body });
      expect(result.status).toBe(400);
      return Object.keys(errorFields(result));
    };
    expect(await bad({ ...BODY, half_life_days: 0 })).toEqual(["half_life_days"]);
    expect(await bad({ ...BODY, weights: { ...BODY.weights, add_to_cart: -1 } })).toEqual(["weights.add_to_cart"]);
    expect(await bad({ ...BODY, medium_cut: 20 })).toEqual(["medium_cut"]);
    expect(await bad({ ...BODY, level_mode: "quantiles", high_cut: 10, medium_cut: 0.5 })).toEqual(["high_cut"]);
    expect(await bad({ ...BODY, level_mode: "ranks" })).toEqual(["level_mode"]);
    expect((await call(settingsRoute.GET, { method: "GET", key: viewer, params })).body).toEqual(BODY);

    // Another workspace's key: the same 404 as no such workspace.
    const other = await freshWorkspace();
    const stranger = await apiKey(other.workspace.id, other.owner.id, "owner");
    expect((await call(settingsRoute.GET, { method: "GET", key: stranger, params })).status).toBe(404);
    expect((await call(settingsRoute.PUT, { method: "PUT", key: stranger, params, body: BODY })).status).toBe(404);
  });

  it("reads the settings page's form as the API's body", () => {
    const form = Object.fromEntries([
      ...Object.entries(DEFAULT_ACTIVITY_SETTINGS.weights).filter(([k]) => k !== "custom").map(([k, v]) => [`weight_${k}`, String(v)]),
      ["custom", "wishlist_add = 2\n\n review posted = 1.5 "],
      ["half_life_days", "7"], ["level_mode", "quantiles"], ["high_cut", "0.8"], ["medium_cut", "0.5"],
    ]);
    expect(parseActivityForm(form)).toEqual({
      weights: { ...DEFAULT_ACTIVITY_SETTINGS.weights, custom: { wishlist_add: 2, "review posted": 1.5 } },
      half_life_days: 7, level_mode: "quantiles", high_cut: 0.8, medium_cut: 0.5,
    });
    expect(() => parseActivityForm({ ...form, custom: "no weight here" })).toThrow(/event name = weight/);
  });

  it("draws the score between history rows by the decay", () => {
    const series = scoreSeries([{ day: "2026-10-20", score: 8 }, { day: "2026-11-02", score: 3 }], "2026-10-30", "2026-11-03", 7);
    expect(series.map((p) => p.day)).toEqual(["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02", "2026-11-03"]);
    expect(series[0]!.score).toBeCloseTo(8 * Math.pow(0.5, 10 / 7), 12);
    expect(series[3]!.score).toBe(3);
    expect(series[4]!.score).toBeCloseTo(3 * Math.pow(0.5, 1 / 7), 12);
  });
});

import { describe, expect, it, vi } from "vitest";
import { GET as modelRoute } from "@/app/api/v1/workspaces/[slug]/models/ltv/route";
import { POST as fitRoute } from "@/app/api/v1/workspaces/[slug]/models/ltv/fit/route";
import { auth } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { localJobsSettled } from "@/lib/jobs/local";
import { workspaceWith } from "../helpers";
import { apiKey, call, errorFields, freshWorkspace } from "../dashboards/support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
const signIn = (userId: string) => vi.mocked(auth).mockResolvedValueOnce({ user: { id: userId }, expires: "" } as never);

async function storedModel(workspaceId: string) {
  await db.ltvModel.create({
    data: {
      workspaceId, status: "fitted", parameters: { r: 0.4, alpha: 6, a: 0.8, b: 3, p: 6, q: 4, gamma: 15 }, customers: 420, repeatCustomers: 130,
      calibrationEnd: new Date("2026-11-30T00:00:00Z"), backtest: { status: "skipped", reason: "Too short.", cut_off: "2026-09-01", holdout_from: "2026-09-02", holdout_to: "2026-11-30", holdout_days: 90 },
      cohorts: [{ cohort: "2026-01-01", customers: 12, predicted: "88.10" }], durationMs: 1234, fittedAt: new Date("2026-12-01T03:00:00Z"),
    },
  });
}

describe("GET /api/v1/workspaces/{slug}/models/ltv", () => {
  it("answers a viewer with the stored model", async () => {
    const { owner, workspace } = await freshWorkspace();
    await storedModel(workspace.id);
    const answer = await call(modelRoute, { method: "GET", key: await apiKey(workspace.id, owner.id, "viewer"), params: { slug: workspace.slug } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      status: "fitted", reason: null, currency: workspace.currency, customers: 420, repeat_customers: 130, calibration_end: "2026-11-30",
      fitted_at: "2026-12-01T03:00:00.000Z", duration_ms: 1234, parameters: { r: 0.4, gamma: 15 }, backtest: { status: "skipped", reason: "Too short." },
      cohorts: [{ cohort: "2026-01-01", customers: 12, predicted: "88.10" }],
    });
  });

  it("says there is no model yet, with 200 and status none, before the first fit", async () => {
    const { owner, workspace } = await freshWorkspace();
    const answer = await call(modelRoute, { method: "GET", key: await apiKey(workspace.id, owner.id, "viewer"), params: { slug: workspace.slug } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: "none", parameters: null, fitted_at: null, backtest: null, cohorts: [] });
    expect(answer.body!.message).toMatch(/No model has been fitted yet/);
  });

  it("is 404 for another workspace's key or a signed-in non-member", async () => {
    const mine = await freshWorkspace();
    const theirs = await freshWorkspace();
    await storedModel(theirs.workspace.id);
    const key = await apiKey(mine.workspace.id, mine.owner.id, "owner");
    expect((await call(modelRoute, { method: "GET", key, params: { slug: theirs.workspace.slug } })).status).toBe(404);
    signIn(mine.owner.id);
    expect((await call(modelRoute, { method: "GET", key: null, params: { slug: theirs.workspace.slug } })).status).toBe(404);
  });
});

describe("POST /api/v1/workspaces/{slug}/models/ltv/fit", () => {
  it("queues a fit for an admin and answers 202 with where to poll; the fit then shows in the model", async () => {
    const { owner, workspace } = await freshWorkspace();
    const key = await apiKey(workspace.id, owner.id, "admin");
    const answer = await call(fitRoute, { method: "POST", key, params: { slug: workspace.slug } });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ status: "queued", poll: `/api/v1/workspaces/${workspace.slug}/models/ltv`, requested_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/) });
    await localJobsSettled();
    const model = await call(modelRoute, { method: "GET", key, params: { slug: workspace.slug } });
    // No customers at all: the fit says what is missing rather than failing.
    expect(model.body).toMatchObject({ status: "not_enough_data", customers: 0 });
    expect(Date.parse(model.body!.fitted_at as string)).toBeGreaterThanOrEqual(Date.parse(answer.body!.requested_at as string));
    expect(model.body!.reason).toMatch(/at least 100 customers/);

    const withBody = await call(fitRoute, { method: "POST", key, params: { slug: workspace.slug }, body: {} });
    expect(withBody.status).toBe(202);
    await localJobsSettled();
  });

  it("is 403 for members and viewers, by key or session, and 404 across workspaces", async () => {
    const { owner, workspace, members } = await workspaceWith(["member"] as const);
    for (const role of ["member", "viewer"] as const) {
      const answer = await call(fitRoute, { method: "POST", key: await apiKey(workspace.id, owner.id, role), params: { slug: workspace.slug } });
      expect(answer.status, role).toBe(403);
    }
    signIn(members[0]!.user.id);
    expect((await call(fitRoute, { method: "POST", key: null, params: { slug: workspace.slug } })).status).toBe(403);

    const other = await freshWorkspace();
    const otherKey = await apiKey(other.workspace.id, other.owner.id, "owner");
    expect((await call(fitRoute, { method: "POST", key: otherKey, params: { slug: workspace.slug } })).status).toBe(404);
    expect(await db.ltvModel.findUnique({ where: { workspaceId: workspace.id } })).toBeNull();
  });

  it("refuses a body that is not an empty JSON object with a 400, never a 500", async () => {
    const { owner, workspace } = await freshWorkspace();
    const key = await apiKey(workspace.id, owner.id, "owner");
    const junk = await call(fitRoute, { method: "POST", key, params: { slug: workspace.slug }, rawBody: "{not json" });
    expect(junk.status).toBe(400);
    const extra = await call(fitRoute, { method: "POST", key, params: { slug: workspace.slug }, body: { horizon: 12 } });
    expect(extra.status).toBe(400);
    expect(Object.keys(errorFields(extra))).toEqual(["body"]);
    expect(JSON.stringify(extra.body)).toContain("horizon");
    const list = await call(fitRoute, { method: "POST", key, params: { slug: workspace.slug }, body: [1, 2] });
    expect(list.status).toBe(400);
  });
});

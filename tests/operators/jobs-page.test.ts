import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { replayFailedRunAction } from "@/app/admin/jobs/actions";
import AdminJobsPage from "@/app/admin/jobs/page";
import { auth } from "@/lib/auth";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { localJobsSettled } from "@/lib/jobs/local";
import { FAILED_RUNS_PAGE_SIZE } from "@/lib/operators/job-runs";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { formOf, pageText, unique } from "../helpers";
import { failedRun } from "./console-helpers";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

// The console's jobs page and its Replay button: failed runs listed by kind and paged, a replay
// queued once and recorded in the operators' trail as the operator's doing, a run that is no longer
// failed answered with a message, and anyone but an operator refused as if nothing were there.

async function signInAs(operator: boolean) {
  const user = await seedUser();
  if (operator) await db.user.update({ where: { id: user.id }, data: { isOperator: true } });
  vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });
  vi.mocked(auth).mockResolvedValue({ user: { id: user.id, email: user.email }, expires: "" } as never);
  return user;
}

const render = async (search: Record<string, string> = {}) => pageText(renderToStaticMarkup(await AdminJobsPage({ searchParams: Promise.resolve(search) })));

describe("the console's jobs page", () => {
  // Finished far ahead, so these stay first in the newest-first list while other files add theirs.
  it("lists failed runs of a kind newest first, paged, with their errors", async () => {
    await signInAs(true);
    const base = Date.parse("2041-03-01T00:00:00Z");
    const workspace = await seedWorkspace((await seedUser()).id);
    const ids = Array.from({ length: FAILED_RUNS_PAGE_SIZE + 1 }, () => unique("run"));
    await db.jobRun.createMany({
      data: ids.map((id, i) => ({
        id,
        kind: "recompute-activity",
        workspaceId: workspace.id,
        payload: { workspaceId: workspace.id, scope: "pending" },
        status: "failed" as const,
        finishedAt: new Date(base + i * 60_000),
        error: `failure number ${i}\nstack line`,
      })),
    });
    const newest = ids[ids.length - 1]!;
    const oldest = ids[0]!;

    const first = await render({ kind: "recompute-activity" });
    expect(first).toContain("By kind");
    expect(first).toContain(newest);
    expect(first).toContain(`failure number ${FAILED_RUNS_PAGE_SIZE}`);
    expect(first).not.toContain(oldest);
    expect(first).toMatch(new RegExp(`1–${FAILED_RUNS_PAGE_SIZE} of \\d+`));

    const second = await render({ kind: "recompute-activity", offset: String(FAILED_RUNS_PAGE_SIZE) });
    expect(second).toContain(oldest);
    expect(second).not.toContain(newest);

    // Another kind's filter leaves these out.
    expect(await render({ kind: "sweep-audit-events" })).not.toContain(newest);
  });

  it("explains a filter or offset it cannot use instead of failing", async () => {
    await signInAs(true);
    expect(await render({ kind: "no-such-job" })).toContain("Choose a job kind from the list.");
    expect(await render({ offset: "-1" })).toContain("Offset cannot be negative.");
    expect(await render({ offset: "many" })).toContain("Offset must be a whole number.");
  });

  it("replays a failed run once, as the operator, and records it in the operators' trail", async () => {
    const operator = await signInAs(true);
    const id = await failedRun();
    const answer = await replayFailedRunAction(null, formOf({ runId: id }));
    expect(answer).toMatchObject({ ok: true, message: expect.stringMatching(/^Replayed as run \S+\.$/) });
    await localJobsSettled();

    const original = await db.jobRun.findUniqueOrThrow({ where: { id } });
    expect(original.replayedBy).toBeTruthy();
    expect(await db.jobRun.findUniqueOrThrow({ where: { id: original.replayedBy! } })).toMatchObject({ replayOf: id, kind: "recompute-activity", status: "done" });
    const events = await db.operatorEvent.findMany({ where: { targetId: id } });
    expect(events.map((e) => [e.action, e.actorKind, e.actorId])).toEqual([["job.replayed", "operator", operator.id]]);
    expect(await render({ kind: "recompute-activity" })).not.toContain(id);

    // Pressed again (a second tab): a message, nothing queued twice.
    const again = await replayFailedRunAction(null, formOf({ runId: id }));
    expect(again).toMatchObject({ ok: false, fields: { run: expect.stringContaining("already replayed") } });
    expect(await db.jobRun.count({ where: { replayOf: id } })).toBe(1);
  });

  it("answers a run that is not failed, or not there, with a message naming the run", async () => {
    await signInAs(true);
    const done = await failedRun({ status: "done" });
    expect(await replayFailedRunAction(null, formOf({ runId: done }))).toMatchObject({ ok: false, fields: { run: expect.stringContaining("only failed runs can be replayed") } });
    expect(await replayFailedRunAction(null, formOf({ runId: unique("nope") }))).toMatchObject({ ok: false, fields: { run: expect.stringMatching(/^No job run/) } });
    expect(await replayFailedRunAction(null, formOf({}))).toMatchObject({ ok: false, fields: { run: "Choose a failed run to replay." } });
  });

  it("refuses anyone but an operator, changing nothing", async () => {
    await signInAs(false);
    const id = await failedRun();
    expect(await replayFailedRunAction(null, formOf({ runId: id }))).toMatchObject({ ok: false, error: "Not found." });
    expect((await db.jobRun.findUniqueOrThrow({ where: { id } })).replayedBy).toBeNull();
    expect(await db.operatorEvent.count({ where: { targetId: id } })).toBe(0);
  });
});

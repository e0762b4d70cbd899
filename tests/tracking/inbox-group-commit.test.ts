import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { captureLogs } from "@/lib/log";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { handleTrack } from "@/lib/tracking/ingest";
import { resolveWriteKey } from "@/lib/tracking/write-keys";
import { drainWorkspace, storedEvents, trackingWorkspace, trackRequest, wireEvent } from "./support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

const isInboxInsert = (query: unknown) => /INSERT INTO tracking_inbox/.test(typeof query === "string" ? query : ((query as { text?: string }).text ?? ""));

/** Watches the web pool's statements; `fail` makes the inbox inserts throw it instead of running. */
function watchInboxInserts(fail?: Error) {
  const pool = getPool();
  const original = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  let inserts = 0;
  vi.spyOn(pool, "query").mockImplementation(((...args: unknown[]) => {
    if (!isInboxInsert(args[0])) return original(...args);
    inserts++;
    return fail ? Promise.reject(fail) : original(...args);
  }) as typeof pool.query);
  return { inserts: () => inserts };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the event API's inbox writes", () => {
  it("writes concurrent requests' events with one insert, and answers each 202 with its events stored", async () => {
    const [a, b] = await Promise.all([trackingWorkspace([]), trackingWorkspace([])]);
    // Keys already known to this process, as under steady traffic: the two requests take the same steps.
    await Promise.all([resolveWriteKey(a.writeKey.key), resolveWriteKey(b.writeKey.key)]);
    const events = [wireEvent(), wireEvent(), wireEvent()];
    const watch = watchInboxInserts();
    const answers = await Promise.all([
      handleTrack(trackRequest({ body: { write_key: a.writeKey.key, batch: [events[0], events[1]] } })),
      handleTrack(trackRequest({ body: { ...events[2], write_key: b.writeKey.key } })),
    ]);
    expect(answers.map((r) => r.status)).toEqual([202, 202]);
    expect(await Promise.all(answers.map((r) => r.json()))).toEqual([
      { accepted: 2, rejected: [] },
      { accepted: 1, rejected: [] },
    ]);
    expect(watch.inserts()).toBe(1);
    vi.restoreAllMocks();
    await drainWorkspace(a.workspace.id);
    await drainWorkspace(b.workspace.id);
    expect((await storedEvents(a.workspace.id)).map((e) => e.messageId).sort()).toEqual([events[0]!.message_id, events[1]!.message_id].sort());
    expect((await storedEvents(b.workspace.id)).map((e) => e.messageId)).toEqual([events[2]!.message_id]);
  });

  it("answers 503 with Retry-After to every request of a failed insert, and acknowledges none of their events", async () => {
    const [a, b] = await Promise.all([trackingWorkspace([]), trackingWorkspace([])]);
    await Promise.all([resolveWriteKey(a.writeKey.key), resolveWriteKey(b.writeKey.key)]);
    const watch = watchInboxInserts(new Error("could not extend file: No space left on device"));
    const logs = captureLogs();
    onTestFinished(logs.stop);
    const answers = await Promise.all([
      handleTrack(trackRequest({ body: { ...wireEvent(), write_key: a.writeKey.key } })),
      handleTrack(trackRequest({ body: { ...wireEvent(), write_key: b.writeKey.key } })),
    ]);
    expect(watch.inserts()).toBe(1);
    expect(answers.map((r) => r.status)).toEqual([503, 503]);
    expect(answers.map((r) => r.headers.get("retry-after"))).toEqual(["2", "2"]);
    const body = (await answers[0]!.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: "unavailable", message: expect.stringContaining("not accepted") });
    // One line for the failed write, not one per request, and the cause is in it.
    const errors = logs.lines().filter((line) => JSON.parse(line).level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("No space left on device");
    vi.restoreAllMocks();
    for (const { workspace } of [a, b]) {
      expect(await db.trackingInbox.count({ where: { workspaceId: workspace.id } })).toBe(0);
      await drainWorkspace(workspace.id);
      expect(await storedEvents(workspace.id)).toEqual([]);
    }
  });
});

import { describe, expect, it, vi } from "vitest";
import { handleTrack } from "@/lib/tracking/ingest";
import { drainWorkspace, storedEvents, trackingWorkspace, trackRequest, wireEvent } from "./support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

describe("event text Postgres cannot store", () => {
  it("refuses an event whose text has an unpaired surrogate by field, so it cannot fail the insert it would share", async () => {
    const [a, b] = await Promise.all([trackingWorkspace([]), trackingWorkspace([])]);
    const good = wireEvent();
    const answers = await Promise.all([
      handleTrack(trackRequest({ raw: JSON.stringify({ ...wireEvent({ properties: { title: "broken \ud800 text" } }), write_key: a.writeKey.key }) })),
      handleTrack(trackRequest({ body: { ...good, write_key: b.writeKey.key } })),
    ]);
    expect(answers.map((r) => r.status)).toEqual([400, 202]);
    const refused = (await answers[0]!.json()) as { error: { fields: Record<string, string> } };
    expect(refused.error.fields).toHaveProperty("properties.title");
    await drainWorkspace(b.workspace.id);
    expect((await storedEvents(b.workspace.id)).map((e) => e.messageId)).toEqual([good.message_id]);
  });

  it("refuses properties nested too deep to be checked, rather than let a NUL down there fail the insert", async () => {
    const { writeKey } = await trackingWorkspace([]);
    let deep: Record<string, unknown> = { bad: "x\u0000y" };
    for (let i = 0; i < 20; i++) deep = { level: deep };
    const response = await handleTrack(trackRequest({ body: { ...wireEvent({ properties: deep }), write_key: writeKey.key } }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { fields: Record<string, string> } };
    expect(Object.entries(body.error.fields)).toEqual([[expect.stringMatching(/^properties(\.level)+$/), expect.stringContaining("nested more than 16 levels")]]);
  });
});

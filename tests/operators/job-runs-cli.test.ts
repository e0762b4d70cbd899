import { describe, expect, it } from "vitest";
import { COMMANDS } from "@/lib/cli/commands";
import { db } from "@/lib/db/client";
import { expectAppError, unique } from "../helpers";
import { failedRun } from "./console-helpers";

// `npm run cli -- jobs:failed` and `jobs:replay --run <id>`: the operator's way to find a failed
// run and queue it again from a terminal (the console's jobs page calls the same functions). A replay runs the catalog's job with
// the stored payload (in process here, so the command waits for it), links the two runs, and is
// recorded in the operators' trail as the command line's doing.

describe("jobs:failed and jobs:replay", () => {
  it("list a failed run, replay it to the end once, and record the replay", async () => {
    const id = await failedRun({ error: "connection reset\nat the second line" });
    const listed = await COMMANDS["jobs:failed"]!.run({ kind: "recompute-activity", limit: "200" });
    const line = listed.split("\n").find((l) => l.startsWith(id));
    expect(line).toContain("recompute-activity");
    expect(line).toContain("connection reset");
    expect(line).not.toContain("second line");

    const output = await COMMANDS["jobs:replay"]!.run({ run: id });
    const replayId = /as run (\S+): done\.$/.exec(output)?.[1];
    expect(replayId, output).toBeTruthy();
    expect(await db.jobRun.findUniqueOrThrow({ where: { id: replayId! } })).toMatchObject({ status: "done", replayOf: id, kind: "recompute-activity" });
    expect((await db.jobRun.findUniqueOrThrow({ where: { id } })).replayedBy).toBe(replayId);
    const events = await db.operatorEvent.findMany({ where: { targetId: id } });
    expect(events.map((e) => [e.action, e.actorKind])).toEqual([["job.replayed", "system"]]);

    // Replayed runs leave the list, and a second replay is refused, naming the run.
    expect(await COMMANDS["jobs:failed"]!.run({ kind: "recompute-activity", limit: "200" })).not.toContain(id);
    const again = await expectAppError(COMMANDS["jobs:replay"]!.run({ run: id }), "conflict");
    expect(again.fields?.run).toContain("already replayed");
  });

  it("refuse an unknown run and a bad limit by name", async () => {
    const unknown = await expectAppError(COMMANDS["jobs:replay"]!.run({ run: unique("nope") }), "not_found");
    expect(unknown.fields?.run).toMatch(/^No job run/);
    const limit = await expectAppError(COMMANDS["jobs:failed"]!.run({ limit: "many" }), "bad_request");
    expect(limit.fields?.limit).toContain("1 to 200");
  });
});

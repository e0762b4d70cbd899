import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "@/lib/cli/commands";
import { db } from "@/lib/db/client";
import { seedUser } from "@/lib/seed/factories";
import { expectAppError, uniqueEmail } from "../helpers";

// `npm run cli -- operator:grant|operator:revoke --email <e>`: the flag set and taken away, each
// recorded in the operators' trail as the command line's (the system's) doing, and an unknown
// email refused with nothing changed.

const run = (name: string, email: string) => COMMANDS[name]!.run({ email });
const flag = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id }, select: { isOperator: true } })).isOperator;
const events = (userId: string) => db.operatorEvent.findMany({ where: { targetId: userId }, orderBy: { occurredAt: "asc" } });

describe("operator:grant and operator:revoke", () => {
  it("set and clear the flag, once each, recorded as the system's", async () => {
    const user = await seedUser();
    expect(await run("operator:grant", user.email)).toContain("is now an operator");
    expect(await flag(user.id)).toBe(true);
    expect(await run("operator:grant", user.email)).toContain("was already an operator");
    expect(await run("operator:revoke", user.email.toUpperCase())).toContain("is no longer an operator");
    expect(await flag(user.id)).toBe(false);
    expect((await events(user.id)).map((e) => [e.action, e.actorKind, e.actorId])).toEqual([
      ["operator.granted", "system", null],
      ["operator.revoked", "system", null],
    ]);
    // The trail names the user by id, never by address.
    expect(JSON.stringify(await events(user.id))).not.toContain(user.email);
  });

  it("refuse an email no account uses, naming it, and change nothing", async () => {
    const email = uniqueEmail("nobody");
    const before = await db.operatorEvent.count();
    const error = await expectAppError(run("operator:grant", email), "not_found");
    expect(error.fields?.email).toBe(`No account uses the email ${email}; nothing was changed. The person must sign up first.`);
    await expectAppError(run("operator:revoke", email), "not_found");
    await expectAppError(run("operator:grant", "not an email"), "bad_request");
    expect(await db.operatorEvent.count()).toBe(before);
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it("exits 1 from the command line with the error for an unknown email", async () => {
    const email = uniqueEmail("nobody");
    const cli = path.resolve(__dirname, "../../lib/cli/main.ts");
    const failure = await promisify(execFile)(process.execPath, ["--import", "tsx", cli, "operator:grant", "--email", email], { env: process.env, timeout: 60_000 }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(`No account uses the email ${email}; nothing was changed.`);
  }, 90_000);
});

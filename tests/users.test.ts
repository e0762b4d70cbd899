import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { verifyPassword } from "@/lib/auth/password";
import { ACCOUNT_CEILING, clientIp, IP_CEILING, SIGN_IN_LIMIT, SIGN_IN_WINDOW_MS, signInBlockedFor } from "@/lib/auth/rate-limit";
import { registerUser, verifyCredentials } from "@/lib/auth/users";
import { seedUser } from "@/lib/seed/factories";
import { listWorkspacesForUser } from "@/lib/workspaces/service";
import { expectAppError, unique, uniqueEmail, uniqueIp } from "./helpers";

const PASSWORD = "correct horse battery";

describe("registerUser", () => {
  it("creates an account without a workspace", async () => {
    const email = uniqueEmail("Signup");
    const { user, workspace } = await registerUser({ name: "  Ada Lovelace ", email: ` ${email.toUpperCase()} `, password: PASSWORD }, { withWorkspace: false });
    expect(user).toEqual({ id: expect.any(String), email: email.toLowerCase(), name: "Ada Lovelace" });
    expect(workspace).toBeNull();
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).not.toContain(PASSWORD);
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash!, PASSWORD)).toBe(true);
    expect(await listWorkspacesForUser(user.id)).toEqual([]);
  });

  it("stores a missing name as null", async () => {
    const { user } = await registerUser({ email: uniqueEmail(), password: PASSWORD }, { withWorkspace: false });
    expect(user.name).toBeNull();
  });

  it("ignores workspace fields unless asked to create one", async () => {
    const { user, workspace } = await registerUser(
      { email: uniqueEmail(), password: PASSWORD, workspaceName: "Ignored", timeZone: "UTC", currency: "USD" },
      { withWorkspace: false },
    );
    expect(workspace).toBeNull();
    expect(await listWorkspacesForUser(user.id)).toEqual([]);
  });

  it("with a workspace makes the new user its owner", async () => {
    const name = `Signup Shop ${unique()}`;
    const { user, workspace } = await registerUser(
      { email: uniqueEmail(), password: PASSWORD, workspaceName: name, timeZone: "Europe/Paris", currency: "eur" },
      { withWorkspace: true },
    );
    expect(workspace).toMatchObject({ name, timeZone: "Europe/Paris", currency: "EUR" });
    expect(workspace!.slug).toMatch(/^signup-shop-/);
    expect(await listWorkspacesForUser(user.id)).toEqual([{ ...workspace, role: "owner" }]);
  });

  it("with a workspace requires its fields, and creates nothing without them", async () => {
    const email = uniqueEmail();
    const error = await expectAppError(registerUser({ email, password: PASSWORD }, { withWorkspace: true }), "bad_request");
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(["currency", "timeZone", "workspaceName"]);
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it("refuses an email that is taken, in any case, with conflict on email", async () => {
    const email = uniqueEmail();
    await registerUser({ email, password: PASSWORD }, { withWorkspace: false });
    for (const again of [email, email.toUpperCase(), ` ${email} `]) {
      const error = await expectAppError(registerUser({ email: again, password: "another password" }, { withWorkspace: false }), "conflict");
      expect(error.status).toBe(409);
      expect(error.fields).toHaveProperty("email");
    }
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it("leaves no workspace behind when the email is taken", async () => {
    const email = uniqueEmail();
    await registerUser({ email, password: PASSWORD }, { withWorkspace: false });
    const name = `Orphan ${unique()}`;
    await expectAppError(registerUser({ email, password: PASSWORD, workspaceName: name, timeZone: "UTC", currency: "USD" }, { withWorkspace: true }), "conflict");
    expect(await db.workspace.count({ where: { name } })).toBe(0);
  });

  it("gives simultaneous sign-ups that name their workspace alike each an account and a slug", async () => {
    for (let round = 0; round < 3; round++) {
      const name = `Same Name ${unique()}`;
      const emails = [uniqueEmail(), uniqueEmail(), uniqueEmail()];
      const results = await Promise.allSettled(
        emails.map((email) => registerUser({ email, password: PASSWORD, workspaceName: name, timeZone: "UTC", currency: "USD" }, { withWorkspace: true })),
      );
      const outcomes = results.map((r) => (r.status === "fulfilled" ? r.value.workspace!.slug : `rejected: ${(r.reason as Error).message}`));
      expect(outcomes.filter((o) => o.startsWith("rejected")), `round ${round}`).toEqual([]);
      expect(new Set(outcomes).size).toBe(3);
      expect(await db.user.count({ where: { email: { in: emails } } })).toBe(3);
    }
  });

  it("still reports a taken email when two sign-ups use it at the same moment", async () => {
    const email = uniqueEmail();
    const name = `Twin ${unique()}`;
    const results = await Promise.allSettled(
      [0, 1].map(() => registerUser({ email, password: PASSWORD, workspaceName: name, timeZone: "UTC", currency: "USD" }, { withWorkspace: true })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "conflict", fields: { email: expect.any(String) } });
    expect(await db.workspace.count({ where: { name } })).toBe(1);
  });

  it("refuses a short password with bad_request on password", async () => {
    const email = uniqueEmail();
    const error = await expectAppError(registerUser({ email, password: "123456789" }, { withWorkspace: false }), "bad_request");
    expect(Object.keys(error.fields ?? {})).toEqual(["password"]);
    expect(await db.user.count({ where: { email } })).toBe(0);
    // Ten characters is enough.
    await registerUser({ email, password: "1234567890" }, { withWorkspace: false });
  });

  it.each(["not-an-email", "a@", "@example.test", "two@@example.test", ""])("refuses the malformed email %j with bad_request on email", async (email) => {
    const error = await expectAppError(registerUser({ email, password: PASSWORD }, { withWorkspace: false }), "bad_request");
    expect(error.fields).toHaveProperty("email");
  });
});

describe("verifyCredentials", () => {
  it("signs in with the right password, any case of email", async () => {
    const user = await seedUser({ password: PASSWORD, name: "Sam" });
    const expected = { id: user.id, email: user.email, name: "Sam" };
    expect(await verifyCredentials({ email: user.email, password: PASSWORD }, uniqueIp())).toEqual(expected);
    expect(await verifyCredentials({ email: ` ${user.email.toUpperCase()} `, password: PASSWORD }, uniqueIp())).toEqual(expected);
  });

  it("gives wrong password, unknown email and malformed input the same generic answer", async () => {
    const user = await seedUser({ password: PASSWORD });
    const ip = uniqueIp();
    const wrongPassword = await expectAppError(verifyCredentials({ email: user.email, password: "wrong password!" }, ip), "unauthorized");
    const unknownEmail = await expectAppError(verifyCredentials({ email: uniqueEmail("nobody"), password: PASSWORD }, ip), "unauthorized");
    const malformed = await expectAppError(verifyCredentials({ email: "nope", password: "" }, ip), "unauthorized");
    expect(wrongPassword.message).toBe(unknownEmail.message);
    expect(malformed.message).toBe(unknownEmail.message);
    expect(wrongPassword.fields).toBeUndefined();
    expect(unknownEmail.message).not.toContain(user.email);
  });

  it("treats the password as case-sensitive", async () => {
    const user = await seedUser({ password: PASSWORD });
    await expectAppError(verifyCredentials({ email: user.email, password: PASSWORD.toUpperCase() }, uniqueIp()), "unauthorized");
  });

  it("refuses an account with no password (OAuth only)", async () => {
    const email = uniqueEmail();
    await db.user.create({ data: { email } });
    await expectAppError(verifyCredentials({ email, password: PASSWORD }, uniqueIp()), "unauthorized");
  });
});

describe("sign-in rate limit", () => {
  async function fail(email: string, ip: string, times: number) {
    for (let i = 0; i < times; i++) {
      await expectAppError(verifyCredentials({ email, password: `wrong-${i}-password` }, ip), "unauthorized");
    }
  }

  it(`blocks an account from an IP after ${SIGN_IN_LIMIT} failures there, even with the right password; elsewhere it still signs in`, async () => {
    const user = await seedUser({ password: PASSWORD });
    const ip = uniqueIp();
    await fail(user.email, ip, SIGN_IN_LIMIT - 1);
    // One short of the limit is not blocked (asked of the limiter: a sign-in would clear the count).
    expect(await signInBlockedFor(user.email, ip)).toBeNull();
    await fail(user.email, ip, 1);

    const blocked = await expectAppError(verifyCredentials({ email: user.email, password: PASSWORD }, ip), "rate_limited");
    expect(blocked.status).toBe(429);
    expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
    expect(blocked.retryAfterSeconds).toBeLessThanOrEqual(SIGN_IN_WINDOW_MS / 1000);
    expect(blocked.message).toMatch(/minute/);
    // The same email in another case is the same account.
    await expectAppError(verifyCredentials({ email: user.email.toUpperCase(), password: PASSWORD }, ip), "rate_limited");

    // Someone else's failures from that IP did not lock the real user out of their own account.
    expect(await verifyCredentials({ email: user.email, password: PASSWORD }, uniqueIp())).toMatchObject({ id: user.id });
  });

  it(`blocks an account after ${ACCOUNT_CEILING} failures spread over many IPs`, async () => {
    const user = await seedUser({ password: PASSWORD });
    const now = Date.now();
    await db.signInFailure.createMany({
      data: Array.from({ length: ACCOUNT_CEILING }, (_, i) => ({ email: user.email, ip: uniqueIp(), createdAt: new Date(now - 60_000 + i) })),
    });
    await expectAppError(verifyCredentials({ email: user.email, password: PASSWORD }, uniqueIp()), "rate_limited");
  });

  it("blocks unknown emails too, so the limit does not reveal which accounts exist", async () => {
    const email = uniqueEmail("ghost");
    const ip = uniqueIp();
    await fail(email, ip, SIGN_IN_LIMIT);
    await expectAppError(verifyCredentials({ email, password: PASSWORD }, ip), "rate_limited");
  });

  it(`lets a real user in from an IP where strangers failed, until the IP's ceiling of ${IP_CEILING}`, async () => {
    const ip = uniqueIp();
    for (let i = 0; i < SIGN_IN_LIMIT; i++) await fail(uniqueEmail(`stranger${i}`), ip, 1);
    const colleague = await seedUser({ password: PASSWORD });
    expect(await verifyCredentials({ email: colleague.email, password: PASSWORD }, ip)).toMatchObject({ id: colleague.id });

    const now = Date.now();
    await db.signInFailure.createMany({
      data: Array.from({ length: IP_CEILING }, (_, i) => ({ email: uniqueEmail(`spray${i}`), ip, createdAt: new Date(now - 60_000 + i) })),
    });
    const blocked = await expectAppError(verifyCredentials({ email: colleague.email, password: PASSWORD }, ip), "rate_limited");
    expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
    // The same person from elsewhere is fine.
    expect(await verifyCredentials({ email: colleague.email, password: PASSWORD }, uniqueIp())).toMatchObject({ id: colleague.id });
  });

  it("forgets failures after a success", async () => {
    const user = await seedUser({ password: PASSWORD });
    const ip = uniqueIp();
    await fail(user.email, ip, SIGN_IN_LIMIT - 1);
    await verifyCredentials({ email: user.email, password: PASSWORD }, ip);
    expect(await db.signInFailure.count({ where: { email: user.email } })).toBe(0);
    await fail(user.email, ip, SIGN_IN_LIMIT - 1);
    expect(await verifyCredentials({ email: user.email, password: PASSWORD }, ip)).toMatchObject({ id: user.id });
  });

  it("only counts failures inside the window, and says when the block ends", async () => {
    const email = uniqueEmail();
    const ip = uniqueIp();
    const now = Date.now();
    // Ten failures just outside the window do not block.
    await db.signInFailure.createMany({
      data: Array.from({ length: SIGN_IN_LIMIT }, () => ({ email, ip, createdAt: new Date(now - SIGN_IN_WINDOW_MS - 60_000) })),
    });
    expect(await signInBlockedFor(email, ip)).toBeNull();

    // Ten failures, the oldest 10 minutes ago: blocked for about 5 more minutes.
    await db.signInFailure.createMany({
      data: Array.from({ length: SIGN_IN_LIMIT }, (_, i) => ({ email, ip, createdAt: new Date(now - 10 * 60_000 + i * 1000) })),
    });
    const retryAfter = await signInBlockedFor(email, ip, new Date(now));
    expect(retryAfter).not.toBeNull();
    expect(retryAfter!).toBeGreaterThanOrEqual(5 * 60 - 2);
    expect(retryAfter!).toBeLessThanOrEqual(5 * 60 + 2);
    const error = await expectAppError(verifyCredentials({ email, password: PASSWORD }, ip), "rate_limited");
    expect(error.message).toMatch(/5 minutes/);
  });

  it("holds against parallel guesses: at most the limit of passwords get checked", async () => {
    const user = await seedUser({ password: PASSWORD });
    const ip = uniqueIp();
    const results = await Promise.allSettled(
      Array.from({ length: 4 * SIGN_IN_LIMIT }, (_, i) => verifyCredentials({ email: user.email, password: `parallel guess ${i}` }, ip)),
    );
    const codes = results.map((r) => (r.status === "rejected" ? (r.reason as { code?: string }).code : "signed-in"));
    expect(codes.filter((c) => c !== "unauthorized" && c !== "rate_limited")).toEqual([]);
    expect(codes.filter((c) => c === "unauthorized").length).toBeLessThanOrEqual(SIGN_IN_LIMIT);
    // Refused attempts leave no rows behind; checked ones count as failures.
    expect(await db.signInFailure.count({ where: { email: user.email } })).toBe(codes.filter((c) => c === "unauthorized").length);
  });

  it("holds against parallel guesses from one IP across many emails", async () => {
    const ip = uniqueIp();
    // Close to the ceiling already, so the burst's checks are what is counted.
    const now = Date.now();
    await db.signInFailure.createMany({
      data: Array.from({ length: IP_CEILING - SIGN_IN_LIMIT }, (_, i) => ({ email: uniqueEmail(`earlier${i}`), ip, createdAt: new Date(now - 60_000 + i) })),
    });
    const results = await Promise.allSettled(
      Array.from({ length: 3 * SIGN_IN_LIMIT }, (_, i) => verifyCredentials({ email: uniqueEmail(`burst${i}`), password: PASSWORD }, ip)),
    );
    const checked = results.filter((r) => r.status === "rejected" && (r.reason as { code?: string }).code === "unauthorized");
    expect(checked.length).toBeLessThanOrEqual(SIGN_IN_LIMIT);
  });

  it("a refused attempt does not extend the block", async () => {
    const email = uniqueEmail();
    const ip = uniqueIp();
    await fail(email, ip, SIGN_IN_LIMIT);
    const rows = await db.signInFailure.count({ where: { email } });
    expect(rows).toBe(SIGN_IN_LIMIT);
    for (let i = 0; i < 3; i++) await expectAppError(verifyCredentials({ email, password: PASSWORD }, ip), "rate_limited");
    expect(await db.signInFailure.count({ where: { email } })).toBe(rows);
  });

  it("records a failure with the time it happened", async () => {
    const email = uniqueEmail();
    const ip = uniqueIp();
    const before = Date.now();
    await fail(email, ip, 1);
    const [row] = await db.signInFailure.findMany({ where: { email } });
    expect(row).toMatchObject({ email, ip });
    // A clock or time-zone mix-up here would silently disable the limiter.
    expect(Math.abs(row!.createdAt.getTime() - before)).toBeLessThan(30_000);
  });
});

describe("clientIp", () => {
  it("believes only the addresses the configured proxies appended, never the client's own", () => {
    // The client wrote the first entry; one proxy in front appended the real address.
    const spoofed = new Headers({ "x-forwarded-for": " 198.51.100.9 , 203.0.113.7", "x-real-ip": "198.51.100.9" });
    expect(clientIp(spoofed, 1)).toBe("203.0.113.7");
    expect(clientIp(spoofed, 2)).toBe("198.51.100.9");
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.7" }), 2)).toBe("unknown");
    // No proxy configured: forwarded headers are anyone's to write.
    expect(clientIp(spoofed, 0)).toBe("unknown");
    expect(clientIp(new Headers(), 1)).toBe("unknown");
  });

  it("reads the number of proxy hops from TRUSTED_PROXY_HOPS", () => {
    const saved = process.env.TRUSTED_PROXY_HOPS;
    try {
      process.env.TRUSTED_PROXY_HOPS = "1";
      expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.9, 203.0.113.7" }))).toBe("203.0.113.7");
      process.env.TRUSTED_PROXY_HOPS = "nonsense";
      expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.9, 203.0.113.7" }))).toBe("unknown");
    } finally {
      if (saved === undefined) delete process.env.TRUSTED_PROXY_HOPS;
      else process.env.TRUSTED_PROXY_HOPS = saved;
    }
  });

  it("counts requests no proxy vouched for by account alone, never as one shared address", async () => {
    const now = Date.now();
    await db.signInFailure.createMany({
      data: Array.from({ length: IP_CEILING }, (_, i) => ({ email: uniqueEmail(`unproxied${i}`), ip: "unknown", createdAt: new Date(now - 60_000 + i) })),
    });
    expect(await signInBlockedFor(uniqueEmail("someone-else"), "unknown")).toBeNull();
  });
});

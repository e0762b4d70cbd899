import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { hashToken } from "@/lib/auth/tokens";
import { requestPasswordReset, RESET_TTL_MS, resetPassword, resetTokenIsUsable } from "@/lib/auth/password-reset";
import { SIGN_IN_LIMIT } from "@/lib/auth/rate-limit";
import { verifyCredentials } from "@/lib/auth/users";
import { seedUser } from "@/lib/seed/factories";
import { expectAppError, linkIn, outboxFor, tokenFrom, uniqueEmail, uniqueIp } from "./helpers";

const APP_URL = "https://signalboard.test";
const NEW_PASSWORD = "a brand new passphrase";

beforeAll(() => {
  vi.stubEnv("SMTP_URL", ""); // mail goes to the outbox table
  vi.stubEnv("APP_URL", APP_URL);
  vi.spyOn(console, "info").mockImplementation(() => {});
});

/** Asks for a reset and returns the token from the mailed link. */
async function requestToken(email: string): Promise<string> {
  const before = (await outboxFor(email)).length;
  await requestPasswordReset({ email });
  const mails = await outboxFor(email.trim().toLowerCase());
  expect(mails).toHaveLength(before + 1);
  return tokenFrom(linkIn(mails.at(-1)!.text, "/reset-password/"));
}

describe("requestPasswordReset", () => {
  it("for an unknown email creates nothing, sends nothing and does not throw", async () => {
    const email = uniqueEmail("nobody");
    await expect(requestPasswordReset({ email })).resolves.toBeUndefined();
    expect(await outboxFor(email)).toEqual([]);
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it("for a known email stores a hashed token and mails the link", async () => {
    const user = await seedUser();
    const before = Date.now();
    await requestPasswordReset({ email: `  ${user.email.toUpperCase()} ` });

    const mails = await outboxFor(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/reset/i);
    const url = linkIn(mails[0]!.text, "/reset-password/");
    expect(url.startsWith(`${APP_URL}/reset-password/`)).toBe(true);
    expect(mails[0]!.html).toContain(url);
    const token = tokenFrom(url);

    const rows = await db.passwordResetToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.usedAt).toBeNull();
    expect(rows[0]!.expiresAt.getTime()).toBeGreaterThanOrEqual(before + RESET_TTL_MS - 1000);
    expect(rows[0]!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + RESET_TTL_MS + 1000);
    expect(await resetTokenIsUsable(token)).toBe(true);
  });

  it("looks the same for known and unknown emails", async () => {
    const user = await seedUser();
    const known = await requestPasswordReset({ email: user.email });
    const unknown = await requestPasswordReset({ email: uniqueEmail() });
    expect(known).toEqual(unknown);
  });

  it("rejects a malformed email as a bad request on email", async () => {
    const error = await expectAppError(requestPasswordReset({ email: "not-an-email" }), "bad_request");
    expect(error.fields).toHaveProperty("email");
  });
});

describe("resetPassword", () => {
  it("sets the new password: it signs in, the old one does not", async () => {
    const user = await seedUser();
    const token = await requestToken(user.email);
    expect(await resetPassword(token, { password: NEW_PASSWORD })).toEqual({ email: user.email });

    expect(await verifyCredentials({ email: user.email, password: NEW_PASSWORD }, uniqueIp())).toMatchObject({ id: user.id });
    await expectAppError(verifyCredentials({ email: user.email, password: user.password }, uniqueIp()), "unauthorized");
  });

  it("bumps the session version, signing out existing sessions", async () => {
    const user = await seedUser();
    const before = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion;
    await resetPassword(await requestToken(user.email), { password: NEW_PASSWORD });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(before + 1);
    const raw = await db.$queryRaw<{ session_version: number }[]>`SELECT session_version FROM users WHERE id = ${user.id}`;
    expect(raw[0]!.session_version).toBe(before + 1);
  });

  it("works once", async () => {
    const user = await seedUser();
    const token = await requestToken(user.email);
    await resetPassword(token, { password: NEW_PASSWORD });
    expect(await resetTokenIsUsable(token)).toBe(false);
    await expectAppError(resetPassword(token, { password: "yet another password" }), "bad_request");
    // The second attempt changed nothing.
    expect(await verifyCredentials({ email: user.email, password: NEW_PASSWORD }, uniqueIp())).toMatchObject({ id: user.id });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(1);
  });

  it("works once even when used twice at the same moment", async () => {
    const user = await seedUser();
    const token = await requestToken(user.email);
    const results = await Promise.allSettled([resetPassword(token, { password: "first new password" }), resetPassword(token, { password: "second new password" })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(1);
  });

  it("using one link retires the user's other outstanding links", async () => {
    const user = await seedUser();
    const first = await requestToken(user.email);
    const second = await requestToken(user.email);
    expect(first).not.toBe(second);
    await resetPassword(second, { password: NEW_PASSWORD });
    expect(await resetTokenIsUsable(first)).toBe(false);
    await expectAppError(resetPassword(first, { password: "attacker password" }), "bad_request");
    expect(await verifyCredentials({ email: user.email, password: NEW_PASSWORD }, uniqueIp())).toMatchObject({ id: user.id });
  });

  it("rejects an expired link and keeps the old password", async () => {
    const user = await seedUser();
    const token = await requestToken(user.email);
    await db.passwordResetToken.update({ where: { tokenHash: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await resetTokenIsUsable(token)).toBe(false);
    await expectAppError(resetPassword(token, { password: NEW_PASSWORD }), "bad_request");
    expect(await verifyCredentials({ email: user.email, password: user.password }, uniqueIp())).toMatchObject({ id: user.id });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(0);
  });

  it("rejects an unknown token", async () => {
    await expectAppError(resetPassword("made-up-token", { password: NEW_PASSWORD }), "bad_request");
    expect(await resetTokenIsUsable("made-up-token")).toBe(false);
  });

  it("rejects a short new password as a bad request on password, and leaves the link usable", async () => {
    const user = await seedUser();
    const token = await requestToken(user.email);
    const error = await expectAppError(resetPassword(token, { password: "short" }), "bad_request");
    expect(Object.keys(error.fields ?? {})).toEqual(["password"]);
    expect(await resetTokenIsUsable(token)).toBe(true);
    await resetPassword(token, { password: NEW_PASSWORD });
  });

  it("lifts a sign-in block on the account", async () => {
    const user = await seedUser();
    const ip = uniqueIp();
    for (let i = 0; i < SIGN_IN_LIMIT; i++) {
      await expectAppError(verifyCredentials({ email: user.email, password: `guess number ${i}` }, ip), "unauthorized");
    }
    await expectAppError(verifyCredentials({ email: user.email, password: user.password }, ip), "rate_limited");
    await resetPassword(await requestToken(user.email), { password: NEW_PASSWORD });
    expect(await verifyCredentials({ email: user.email, password: NEW_PASSWORD }, ip)).toMatchObject({ id: user.id });
  });
});

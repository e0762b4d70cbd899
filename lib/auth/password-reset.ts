import { z } from "zod";
import { db } from "@/lib/db/client";
import { appUrl, sendEmail } from "@/lib/email/mailer";
import { passwordResetEmail } from "@/lib/email/templates";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { hashPassword } from "./password";
import { clearSignInFailures } from "./rate-limit";
import { ZEmail, ZNewPassword } from "./schemas";
import { hashToken, randomSecret } from "./tokens";

export const RESET_TTL_MS = 60 * 60 * 1000;

/** Always looks the same to the caller, so it cannot be used to learn who has an account. */
export async function requestPasswordReset(input: unknown): Promise<void> {
  const { email } = parseInput(z.object({ email: ZEmail }), input);
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return;
  const token = randomSecret();
  await db.passwordResetToken.create({
    data: { userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + RESET_TTL_MS) },
  });
  await sendEmail(passwordResetEmail({ to: email, url: appUrl(`/reset-password/${token}`) }));
}

export async function resetTokenIsUsable(token: string): Promise<boolean> {
  const row = await db.passwordResetToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { usedAt: true, expiresAt: true } });
  return Boolean(row && !row.usedAt && row.expiresAt.getTime() > Date.now());
}

export async function resetPassword(token: string, input: unknown): Promise<{ email: string }> {
  const { password } = parseInput(z.object({ password: ZNewPassword }), input);
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const row = await tx.passwordResetToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, userId: true } });
    const claimed = row
      ? await tx.passwordResetToken.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: new Date() } }, data: { usedAt: new Date() } })
      : { count: 0 };
    if (!row || claimed.count === 0) throw new AppError("bad_request", "This reset link is invalid, expired or already used. Ask for a new one.");
    const user = await tx.user.update({
      where: { id: row.userId },
      // A new password signs out every existing session; following the emailed link proves the address.
      data: { passwordHash, sessionVersion: { increment: 1 }, emailVerified: new Date() },
      select: { email: true },
    });
    await tx.passwordResetToken.updateMany({ where: { userId: row.userId, usedAt: null }, data: { usedAt: new Date() } });
    await clearSignInFailures(user.email);
    return user;
  });
}

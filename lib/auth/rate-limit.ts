import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// Failed sign-ins are counted per email and per client IP over a sliding window. The rows live in
// Postgres so the limit holds across app instances.
export const SIGN_IN_LIMIT = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

/** `exceptId` leaves out the caller's own attempt (see beginSignInAttempt). */
export async function signInBlockedFor(email: string, ip: string, now = new Date(), exceptId?: bigint): Promise<number | null> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const [byEmail, byIp] = await Promise.all(
    [{ email }, { ip }].map((key) =>
      db.signInFailure.findMany({
        where: { ...key, createdAt: { gt: since }, ...(exceptId === undefined ? {} : { id: { not: exceptId } }) },
        select: { createdAt: true },
        orderBy: { createdAt: "desc" },
        take: SIGN_IN_LIMIT,
      }),
    ),
  );
  const retryAfter = [byEmail!, byIp!]
    .filter((rows) => rows.length >= SIGN_IN_LIMIT)
    .map((rows) => rows[rows.length - 1]!.createdAt.getTime() + SIGN_IN_WINDOW_MS - now.getTime());
  if (retryAfter.length === 0) return null;
  return Math.max(1, Math.ceil(Math.max(...retryAfter) / 1000));
}

function rateLimited(retryAfterSeconds: number): AppError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new AppError("rate_limited", `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or reset your password.`, {
    retryAfterSeconds,
  });
}

export async function assertSignInAllowed(email: string, ip: string): Promise<void> {
  const retryAfterSeconds = await signInBlockedFor(email, ip);
  if (retryAfterSeconds !== null) throw rateLimited(retryAfterSeconds);
}

/**
 * For a password check about to happen: records it as a failure first, then checks the limit
 * leaving that row out. Checking first and recording after the (slow) password check would let
 * many parallel guesses all pass the check before any was recorded. The row stays if the password
 * is wrong, is cleared with the rest on success (clearSignInFailures), and is removed again if the
 * attempt is refused, so refused attempts do not extend the block.
 */
export async function beginSignInAttempt(email: string, ip: string): Promise<void> {
  const { id } = await db.signInFailure.create({ data: { email, ip }, select: { id: true } });
  const retryAfterSeconds = await signInBlockedFor(email, ip, new Date(), id);
  if (retryAfterSeconds !== null) {
    await db.signInFailure.delete({ where: { id } });
    throw rateLimited(retryAfterSeconds);
  }
  await trimOldFailures();
}

// Old rows are useless; trimming now and then keeps the table small without a scheduled job.
async function trimOldFailures(): Promise<void> {
  if (Math.random() < 0.05) await db.signInFailure.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - 24 * 3600 * 1000) } } });
}

export async function clearSignInFailures(email: string): Promise<void> {
  await db.signInFailure.deleteMany({ where: { email } });
}

export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || "unknown";
}

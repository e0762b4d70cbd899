import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// Failed sign-ins are counted per email and per client IP over a sliding window. The rows live in
// Postgres so the limit holds across app instances.
export const SIGN_IN_LIMIT = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

export async function signInBlockedFor(email: string, ip: string, now = new Date()): Promise<number | null> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const [byEmail, byIp] = await Promise.all(
    [{ email }, { ip }].map((key) =>
      db.signInFailure.findMany({
        where: { ...key, createdAt: { gt: since } },
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

export async function assertSignInAllowed(email: string, ip: string): Promise<void> {
  const retryAfterSeconds = await signInBlockedFor(email, ip);
  if (retryAfterSeconds !== null) {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    throw new AppError("rate_limited", `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or reset your password.`, {
      retryAfterSeconds,
    });
  }
}

export async function recordSignInFailure(email: string, ip: string): Promise<void> {
  await db.signInFailure.create({ data: { email, ip } });
  // Old rows are useless; trimming here keeps the table small without a scheduled job.
  if (Math.random() < 0.05) await db.signInFailure.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - 24 * 3600 * 1000) } } });
}

export async function clearSignInFailures(email: string): Promise<void> {
  await db.signInFailure.deleteMany({ where: { email } });
}

export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || "unknown";
}

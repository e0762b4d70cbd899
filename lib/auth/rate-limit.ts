import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// Failed sign-ins over a sliding window, kept in Postgres so the limits hold across instances.
// The lockout is per (account, client IP): strangers failing from a shared office IP do not lock a
// real user out. Two ceilings catch what that misses: guesses at one account spread over many IPs,
// and one IP spraying many accounts.
export const SIGN_IN_LIMIT = 10;
export const ACCOUNT_CEILING = 50;
export const IP_CEILING = 100;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

/** An address no proxy vouched for; shared by every such request, so it is never counted as an IP. */
export const UNKNOWN_IP = "unknown";

/** `exceptId` leaves out the caller's own attempt (see beginSignInAttempt). */
export async function signInBlockedFor(email: string, ip: string, now = new Date(), exceptId?: bigint): Promise<number | null> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const limits: [Record<string, string>, number][] = [[{ email, ip }, SIGN_IN_LIMIT], [{ email }, ACCOUNT_CEILING]];
  if (ip !== UNKNOWN_IP) limits.push([{ ip }, IP_CEILING]);
  const windows = await Promise.all(
    limits.map(async ([key, limit]) => ({
      limit,
      rows: await db.signInFailure.findMany({
        where: { ...key, createdAt: { gt: since }, ...(exceptId === undefined ? {} : { id: { not: exceptId } }) },
        select: { createdAt: true },
        orderBy: { createdAt: "desc" },
        take: limit,
      }),
    })),
  );
  const retryAfter = windows
    .filter(({ rows, limit }) => rows.length >= limit)
    .map(({ rows }) => rows[rows.length - 1]!.createdAt.getTime() + SIGN_IN_WINDOW_MS - now.getTime());
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

/**
 * The client's address as the proxies in front of the app report it. Only the entries they
 * appended are trusted: with TRUSTED_PROXY_HOPS=N, the N-th address from the right of
 * X-Forwarded-For (anything left of it can be written by the client). With no proxy configured
 * the headers are ignored, since the client could set them to anything.
 */
export function clientIp(headers: Pick<Headers, "get">, hops = trustedProxyHops()): string {
  if (hops === 0) return UNKNOWN_IP;
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((part) => part.trim()).filter(Boolean);
  return chain[chain.length - hops] ?? UNKNOWN_IP;
}

function trustedProxyHops(): number {
  const hops = Number(process.env.TRUSTED_PROXY_HOPS ?? "0");
  return Number.isInteger(hops) && hops > 0 && hops <= 10 ? hops : 0;
}

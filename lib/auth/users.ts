import { z } from "zod";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertSignUpOpen, getGlobalSettings } from "@/lib/operators/global-settings";
import { parseInput } from "@/lib/validation";
import { createWorkspace, isUniqueViolation, type WorkspaceSummary } from "@/lib/workspaces/service";
import { ZCurrency, ZTimeZone, ZWorkspaceName } from "@/lib/workspaces/schemas";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";
import { beginSignInAttempt, clearSignInFailures } from "./rate-limit";
import { ZEmail, ZNewPassword, ZSignInSchema } from "./schemas";

export type SessionUser = { id: string; email: string; name: string | null };

export const ZSignUpSchema = z.object({
  name: z.string().trim().max(100, "Use at most 100 characters.").optional().default(""),
  email: ZEmail,
  password: ZNewPassword,
});

export const ZSignUpWithWorkspaceSchema = ZSignUpSchema.extend({
  workspaceName: ZWorkspaceName,
  timeZone: ZTimeZone,
  currency: ZCurrency,
});

/**
 * Creates an account; with `withWorkspace` also the person's first workspace, which they own. That
 * is the public sign-up, refused while the installation is invite-only (an invitation's and the
 * command line's accounts come without a workspace).
 */
export async function registerUser(
  input: unknown,
  options: { withWorkspace: boolean },
): Promise<{ user: SessionUser; workspace: WorkspaceSummary | null }> {
  const data: z.infer<typeof ZSignUpSchema> & Partial<z.infer<typeof ZSignUpWithWorkspaceSchema>> = options.withWorkspace
    ? parseInput(ZSignUpWithWorkspaceSchema, input)
    : parseInput(ZSignUpSchema, input);
  const passwordHash = await hashPassword(data.password);
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        if (options.withWorkspace) await assertSignUpOpen(tx);
        const user = await tx.user.create({
          data: { email: data.email, name: data.name || null, passwordHash },
          select: { id: true, email: true, name: true },
        });
        const workspace =
          data.workspaceName
            ? await createWorkspace(user.id, { name: data.workspaceName, timeZone: data.timeZone, currency: data.currency }, tx)
            : null;
        return { user, workspace };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Either the email is taken, or another sign-up took the workspace slug at the same moment,
      // in which case a new attempt picks the next free slug.
      if (await db.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
        throw AppError.field("email", "An account with this email already exists. Sign in instead.", "conflict");
      }
      if (attempt >= 3) throw error;
    }
  }
}

const INVALID = "Invalid email or password.";

/** Checks a password sign-in, counting failures against the rate limit. */
export async function verifyCredentials(input: unknown, ip: string): Promise<SessionUser> {
  const parsed = ZSignInSchema.safeParse(input);
  if (!parsed.success) throw new AppError("unauthorized", INVALID);
  const { email, password } = parsed.data;
  // Counted as a failure before the password is checked, so parallel guesses cannot outrun the limit.
  await beginSignInAttempt(email, ip);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true } });
  const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
  if (!user || !ok) throw new AppError("unauthorized", INVALID);
  await clearSignInFailures(email);
  return { id: user.id, email: user.email, name: user.name };
}

/** The sign-in page's error code for a Google sign-in refused to protect an unconfirmed account. */
export const GOOGLE_LINK_REFUSED = "google_link_refused";

/** The sign-in page's error code for a first Google sign-in while sign-up is by invitation only. */
export const SIGN_UP_INVITE_ONLY = "invite_only";

/** Whether a Google sign-in with this (verified) email would be a new account that invite-only sign-up refuses. */
export async function googleSignUpRefused(email: string): Promise<boolean> {
  if ((await getGlobalSettings()).signupMode !== "invite_only") return false;
  return (await db.user.findUnique({ where: { email }, select: { id: true } })) === null;
}

/**
 * Matches a Google sign-in (whose email Google verified) to a user: a first Google sign-in creates
 * the user. An existing password account is joined only once its own email was confirmed (a
 * password reset confirms it): otherwise whoever registered that address first, without proving
 * it, would share the account of the person who owns it. Returns false when refused.
 */
export async function linkGoogleAccount(email: string, name: string | null, providerAccountId: string): Promise<boolean> {
  const linked = await db.oAuthAccount.findUnique({ where: { provider_providerAccountId: { provider: "google", providerAccountId } }, select: { userId: true } });
  if (linked) return true;
  const existing = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, emailVerified: true } });
  if (existing?.passwordHash && !existing.emailVerified) return false;
  const user = existing ?? (await db.user.upsert({ where: { email }, create: { email, name, emailVerified: new Date() }, update: {}, select: { id: true } }));
  await db.oAuthAccount.upsert({
    where: { provider_providerAccountId: { provider: "google", providerAccountId } },
    create: { userId: user.id, provider: "google", providerAccountId },
    update: {},
  });
  return true;
}

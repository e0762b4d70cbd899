"use server";

import { safeReturnPath } from "@/lib/actions";
import { auth, signOut } from "@/lib/auth";
import { endSessions } from "./sessions";

// Signing out is offered by the app shell and the invitation page alike, so the action lives with
// the auth code rather than in one route's folder.

export async function signOutAction(form?: FormData): Promise<void> {
  // Clearing the cookie is not enough: a copy of it would stay valid until it expires.
  const session = await auth();
  if (session?.user?.id) await endSessions(session.user.id);
  const returnTo = safeReturnPath(form?.get("callbackUrl"));
  await signOut({ redirectTo: returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : "/sign-in" });
}

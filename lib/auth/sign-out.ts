"use server";

import { safeReturnPath } from "@/lib/actions";
import { signOut } from "@/lib/auth";

// Signing out is offered by the app shell and the invitation page alike, so the action lives with
// the auth code rather than in one route's folder.

export async function signOutAction(form?: FormData): Promise<void> {
  const returnTo = safeReturnPath(form?.get("callbackUrl"));
  await signOut({ redirectTo: returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : "/sign-in" });
}

import type { Metadata } from "next";
import Link from "next/link";
import { signOutAction } from "@/lib/auth/sign-out";
import { SignInForm } from "../../_components/sign-in-form";
import { Button } from "@/components/ui/button";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { invitationProblem, lookupInvitation } from "@/lib/invitations/service";
import { ROLE_LABELS } from "@/lib/tenancy/roles";
import { AcceptInviteForm, InviteSignUpForm } from "./invite-forms";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const token = decodeURIComponent((await params).token);
  const invitation = await lookupInvitation(token);
  const problem = invitationProblem(invitation.status);
  if (problem || invitation.status === "invalid") {
    return (
      <>
        <h1 className="text-xl font-semibold">{problem}</h1>
        <p className="mt-2 text-sm text-slate-600">Ask a workspace admin to send you a new invitation.</p>
        <p className="mt-6 text-sm">
          <Link href="/" className="text-brand-600 hover:underline">
            Go to Signalboard
          </Link>
        </p>
      </>
    );
  }

  const heading = (
    <>
      <h1 className="text-xl font-semibold">Join {invitation.workspace.name}</h1>
      <p className="mb-6 mt-1 text-sm text-slate-500">
        You were invited as <strong>{ROLE_LABELS[invitation.role]}</strong> with the address <strong>{invitation.email}</strong>.
      </p>
    </>
  );
  const user = await currentUser();
  const returnTo = `/invite/${encodeURIComponent(token)}`;

  if (user && user.email.toLowerCase() !== invitation.email) {
    return (
      <>
        {heading}
        <p className="text-sm text-slate-700">
          You are signed in as <strong>{user.email}</strong>, but this invitation is for <strong>{invitation.email}</strong>. Sign out, then
          sign in or sign up with the invited address.
        </p>
        <form action={signOutAction} className="mt-6">
          <input type="hidden" name="callbackUrl" value={returnTo} />
          <Button type="submit" variant="secondary" className="w-full">
            Sign out and continue as {invitation.email}
          </Button>
        </form>
      </>
    );
  }
  if (user) {
    return (
      <>
        {heading}
        <AcceptInviteForm token={token} workspaceName={invitation.workspace.name} />
      </>
    );
  }
  const hasAccount = Boolean(await db.user.findUnique({ where: { email: invitation.email }, select: { id: true } }));
  return (
    <>
      {heading}
      {hasAccount ? (
        <>
          <p className="mb-4 text-sm text-slate-700">Sign in to accept.</p>
          <SignInForm callbackUrl={returnTo} email={invitation.email} lockEmail />
        </>
      ) : (
        <InviteSignUpForm token={token} email={invitation.email} />
      )}
    </>
  );
}

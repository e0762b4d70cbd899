import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { safeReturnPath } from "@/lib/actions";
import { currentUser } from "@/lib/auth/session";
import { Notice } from "@/components/ui/notice";
import { GoogleButton } from "../google-button";
import { SignInForm } from "../_components/sign-in-form";
import { GOOGLE_LINK_REFUSED, SIGN_UP_INVITE_ONLY } from "@/lib/auth/users";
import { INVITE_ONLY_MESSAGE } from "@/lib/operators/global-settings";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(params.callbackUrl) ?? undefined;
  if (await currentUser()) redirect(callbackUrl ?? "/");
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in to Signalboard</h1>
      <p className="mb-6 mt-1 text-sm text-slate-500">
        New here?{" "}
        <Link href={`/sign-up${callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`} className="text-brand-600 hover:underline">
          Create an account
        </Link>
      </p>
      {params.reset ? (
        <div className="mb-4">
          <Notice tone="success">Your password was changed. Sign in with the new one.</Notice>
        </div>
      ) : null}
      {params.error ? (
        <div className="mb-4">
          <Notice tone="error">
            {params.error === GOOGLE_LINK_REFUSED
              ? "An account with this email address already exists, and its address was never confirmed. Sign in with its password, or reset the password (which confirms the address), then Google sign-in will work too."
              : params.error === SIGN_UP_INVITE_ONLY
                ? INVITE_ONLY_MESSAGE
                : "That sign-in did not work. Try again, or use your email and password."}
          </Notice>
        </div>
      ) : null}
      <SignInForm callbackUrl={callbackUrl} />
      <GoogleButton callbackUrl={callbackUrl} />
    </>
  );
}

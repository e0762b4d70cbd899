import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { Notice } from "@/components/ui/notice";
import { getGlobalSettings, INVITE_ONLY_MESSAGE } from "@/lib/operators/global-settings";
import { currencies, timeZones } from "@/lib/workspaces/schemas";
import { GoogleButton } from "../google-button";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage() {
  if (await currentUser()) redirect("/");
  return (
    <>
      <h1 className="text-xl font-semibold">Create your Signalboard account</h1>
      <p className="mb-6 mt-1 text-sm text-slate-500">
        Already have one?{" "}
        <Link href="/sign-in" className="text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
      {(await getGlobalSettings()).signupMode === "invite_only" ? (
        <Notice tone="info">{INVITE_ONLY_MESSAGE}</Notice>
      ) : (
        <>
          <SignUpForm timeZones={timeZones()} currencies={currencies()} />
          <GoogleButton />
        </>
      )}
    </>
  );
}

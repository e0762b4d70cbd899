import type { Metadata } from "next";
import Link from "next/link";
import { resetTokenIsUsable } from "@/lib/auth/password-reset";
import { ResetPasswordForm } from "./reset-form";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await resetTokenIsUsable(decodeURIComponent(token)))) {
    return (
      <>
        <h1 className="text-xl font-semibold">This reset link no longer works</h1>
        <p className="mt-2 text-sm text-slate-600">Reset links work once and expire after an hour.</p>
        <p className="mt-6 text-sm">
          <Link href="/forgot-password" className="text-brand-600 hover:underline">
            Ask for a new link
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold">Choose a new password</h1>
      <ResetPasswordForm token={decodeURIComponent(token)} />
    </>
  );
}

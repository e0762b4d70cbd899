import type { Metadata } from "next";
import { Logo } from "@/components/logo";
import { requireUser } from "@/lib/auth/session";
import { currencies, timeZones } from "@/lib/workspaces/schemas";
import { CreateWorkspaceForm } from "./create-form";

export const metadata: Metadata = { title: "Create a workspace" };

export default async function NewWorkspacePage() {
  await requireUser("/workspaces/new");
  return (
    <main className="flex min-h-screen flex-col items-center px-4 py-10 sm:justify-center">
      <div className="mb-8">
        <Logo />
      </div>
      <div className="w-full max-w-lg rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <h1 className="text-xl font-semibold">Create a workspace</h1>
        <p className="mb-6 mt-1 text-sm text-slate-500">A workspace holds one business: its store, ad accounts, dashboards and team.</p>
        <CreateWorkspaceForm timeZones={timeZones()} currencies={currencies()} />
      </div>
    </main>
  );
}

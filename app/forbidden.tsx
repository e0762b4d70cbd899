import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-brand-600">403</p>
      <h1 className="mt-2 text-2xl font-semibold">You don&apos;t have permission to view this page</h1>
      <p className="mt-2 text-slate-600">Your role in this workspace does not include it. Ask an owner or admin if you need access.</p>
      <Link href="/" className={`${buttonClass("secondary")} mt-6`}>
        Back to your workspace
      </Link>
    </main>
  );
}

import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { listWorkspacesForUser } from "@/lib/workspaces/service";
import { Logo } from "@/components/logo";
import { buttonClass } from "@/components/ui/button";

export default async function Home() {
  const user = await currentUser();
  if (user) {
    const [first] = await listWorkspacesForUser(user.id);
    redirect(first ? `/w/${first.slug}` : "/workspaces/new");
  }
  return (
    <main className="mx-auto flex min-h-screen max-w-3xl flex-col px-6 py-10">
      <Logo />
      <section className="my-auto py-16">
        <h1 className="text-4xl font-semibold tracking-tight sm:text-5xl">Every number your store runs on, in one place.</h1>
        <p className="mt-5 max-w-xl text-lg text-slate-600">
          Signalboard brings your Shopify sales, ad spend from Google, Meta and TikTok, and your web analytics together, refreshed by
          itself, so your team reads one set of numbers every morning.
        </p>
        <div className="mt-8 flex gap-3">
          <Link href="/sign-up" className={buttonClass("primary")}>
            Create an account
          </Link>
          <Link href="/sign-in" className={buttonClass("secondary")}>
            Sign in
          </Link>
        </div>
      </section>
    </main>
  );
}

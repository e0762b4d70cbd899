import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { db } from "@/lib/db/client";
import { outboxEnabled } from "@/lib/email/mailer";
import { outboxHtml } from "@/lib/email/outbox";

export const metadata: Metadata = { title: "Dev outbox" };
export const dynamic = "force-dynamic";

// Mail that would have gone out by SMTP, for local runs without a mail server.
export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  if (!outboxEnabled()) notFound();
  const { to } = await searchParams;
  const emails = await db.outboxEmail.findMany({
    where: to ? { to: to.toLowerCase() } : undefined,
    orderBy: { createdAt: "desc" },
    take: 50,
    include: { attachments: { select: { id: true, cid: true } } },
  });
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="text-2xl font-semibold">Dev outbox</h1>
      <p className="mt-1 text-sm text-slate-500">
        SMTP_URL is not set, so emails are kept here instead of being sent. Newest first{to ? `, to ${to}` : ""}.
      </p>
      <div className="mt-6 space-y-4">
        {emails.length === 0 ? <p className="text-sm text-slate-500">No emails yet.</p> : null}
        {emails.map((email) => (
          <article key={email.id} className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200" data-testid="outbox-email">
            <p className="text-xs text-slate-500">
              To <span data-testid="outbox-to">{email.to}</span> · {email.createdAt.toISOString()}
            </p>
            <h2 className="mt-1 font-semibold">{email.subject}</h2>
            <div className="prose prose-sm mt-3" dangerouslySetInnerHTML={{ __html: outboxHtml(email.html, email.attachments) }} />
          </article>
        ))}
      </div>
    </main>
  );
}

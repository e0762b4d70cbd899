import type { Metadata } from "next";
import { UpgradePrompts } from "@/components/billing/upgrade-prompt";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { limitsReached } from "@/lib/billing/limits";
import { listPendingInvitations } from "@/lib/invitations/service";
import { listMembers } from "@/lib/members/service";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { can, canGrant, ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from "@/lib/tenancy/roles";
import { changeRoleAction, removeMemberAction, resendInvitationAction, revokeInvitationAction } from "./actions";
import { InviteForm } from "./invite-form";

export const metadata: Metadata = { title: "Members" };


export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace, role, actor } = await requireWorkspacePage((await params).slug, "members.manage");
  const [members, invitations, reached] = await Promise.all([listMembers(workspace.id), listPendingInvitations(workspace.id), limitsReached(workspace.id, ["members"])]);
  const me = actor.kind === "user" ? actor.userId : null;
  const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: workspace.timeZone });
  const grantable = ROLES.filter((r) => canGrant(role, r)).map((r) => ({ value: r, label: ROLE_LABELS[r] }));
  const select = "rounded-md border-0 py-1.5 pl-2 pr-7 text-sm ring-1 ring-inset ring-slate-300";

  return (
    <>
      <Card title="Invite people" description="They get an email with a link that works once and expires in 7 days.">
        <UpgradePrompts messages={reached} slug={workspace.slug} canBill={can(role, "billing.manage")} />
        <InviteForm slug={workspace.slug} roles={grantable} />
        <dl className="mt-4 grid gap-1 text-xs text-slate-500 sm:grid-cols-2">
          {ROLES.map((r) => (
            <div key={r}>
              <dt className="inline font-medium text-slate-600">{ROLE_LABELS[r]}:</dt> <dd className="inline">{ROLE_DESCRIPTIONS[r]}</dd>
            </div>
          ))}
        </dl>
      </Card>

      <Card title={`Members (${members.length})`}>
        <ul className="divide-y divide-slate-100" aria-label="Members">
          {members.map((m) => {
            const editable = m.userId !== me && canGrant(role, m.role);
            return (
              <li key={m.userId} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="member-row">
                <div className="min-w-0">
                  <p className="truncate text-sm font-medium">
                    {m.name ?? m.email} {m.userId === me ? <span className="text-slate-400">(you)</span> : null}
                  </p>
                  <p className="truncate text-xs text-slate-500">{m.email}</p>
                </div>
                {editable ? (
                  <div className="flex flex-wrap items-start gap-2">
                    <ActionForm action={changeRoleAction} hidden={{ slug: workspace.slug, userId: m.userId }} label={`Role of ${m.email}`}>
                      <select name="role" defaultValue={m.role} className={select} aria-label={`Role for ${m.email}`}>
                        {grantable.map((r) => (
                          <option key={r.value} value={r.value}>
                            {r.label}
                          </option>
                        ))}
                      </select>
                      <SubmitButton variant="secondary">Save</SubmitButton>
                    </ActionForm>
                    <ActionForm action={removeMemberAction} hidden={{ slug: workspace.slug, userId: m.userId }}>
                      <SubmitButton variant="ghost" pendingLabel="Removing…">
                        Remove
                      </SubmitButton>
                    </ActionForm>
                  </div>
                ) : (
                  <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-700">{ROLE_LABELS[m.role]}</span>
                )}
              </li>
            );
          })}
        </ul>
      </Card>

      <Card title={`Pending invitations (${invitations.length})`}>
        {invitations.length === 0 ? (
          <p className="text-sm text-slate-500">No pending invitations.</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Pending invitations">
            {invitations.map((inv) => (
              <li key={inv.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="invitation-row">
                <div>
                  <p className="text-sm font-medium">{inv.email}</p>
                  <p className="text-xs text-slate-500">
                    {ROLE_LABELS[inv.role]} · {inv.expired ? <span className="text-amber-700">expired</span> : `expires ${dateFormat.format(inv.expiresAt)}`} · sent{" "}
                    {dateFormat.format(inv.lastSentAt)}
                  </p>
                </div>
                <div className="flex gap-2">
                  <ActionForm action={resendInvitationAction} hidden={{ slug: workspace.slug, id: inv.id }}>
                    <SubmitButton variant="secondary" pendingLabel="Sending…">
                      Resend
                    </SubmitButton>
                  </ActionForm>
                  <ActionForm action={revokeInvitationAction} hidden={{ slug: workspace.slug, id: inv.id }}>
                    <SubmitButton variant="ghost" pendingLabel="Revoking…">
                      Revoke
                    </SubmitButton>
                  </ActionForm>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { SelectField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { liveSupportGrant, SUPPORT_ACCESS_HOURS, supportAccessHistory } from "@/lib/operators/support-access";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { grantSupportAccessAction, revokeSupportAccessAction } from "./actions";

export const metadata: Metadata = { title: "Support access" };

const DURATION_LABELS: Record<(typeof SUPPORT_ACCESS_HOURS)[number], string> = { 1: "1 hour", 24: "24 hours", 72: "3 days", 168: "7 days" };

export default async function SupportAccessPage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace } = await requireWorkspacePage((await params).slug, "support.manage");
  const now = new Date();
  const [live, history] = await Promise.all([liveSupportGrant(workspace.id, now), supportAccessHistory(workspace.id)]);
  const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: workspace.timeZone });
  const stateOf = (row: (typeof history)[number]) => (row.revokedAt ? `Revoked ${when.format(row.revokedAt)}` : row.expiresAt > now ? "Live" : "Expired");
  return (
    <>
      <Card
        title="Support access"
        description="Let the people who run this Signalboard installation (operators) read this workspace for a while, to help you. They can look at every page members can, but change nothing. Each of their visits is recorded in the audit trail."
      >
        <div className="space-y-4">
          {live ? (
            <Notice tone="success">
              <span data-testid="support-access-live">Support access is on until {when.format(live.expiresAt)} ({workspace.timeZone}).</span>
            </Notice>
          ) : (
            <p className="text-sm text-slate-600" data-testid="support-access-off">
              Support access is off: operators cannot open this workspace.
            </p>
          )}
          <ActionForm action={grantSupportAccessAction} hidden={{ slug: workspace.slug }} label="Grant support access">
            <SelectField label="For" name="hours" defaultValue="24" options={SUPPORT_ACCESS_HOURS.map((h) => ({ value: String(h), label: DURATION_LABELS[h] }))} />
            <div className="self-end">
              <SubmitButton>{live ? "Replace with a new grant" : "Grant support access"}</SubmitButton>
            </div>
          </ActionForm>
          {live ? (
            <ActionForm action={revokeSupportAccessAction} hidden={{ slug: workspace.slug }} label="Revoke support access">
              <SubmitButton variant="danger">Revoke support access</SubmitButton>
            </ActionForm>
          ) : null}
        </div>
      </Card>
      <Card title="Recent grants">
        {history.length === 0 ? (
          <p className="text-sm text-slate-500">Support access has never been granted here.</p>
        ) : (
          <DataTable columns={[{ label: "Granted" }, { label: "By" }, { label: "Until" }, { label: "State" }]}>
            {history.map((row) => (
              <tr key={row.id}>
                <td className="py-2 pr-4 whitespace-nowrap">{when.format(row.createdAt)}</td>
                <td className="py-2 pr-4">{row.grantedBy ?? "A former member"}</td>
                <td className="py-2 pr-4 whitespace-nowrap">{when.format(row.expiresAt)}</td>
                <td className="py-2 pr-4">{stateOf(row)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </>
  );
}

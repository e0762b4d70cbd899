import type { Metadata } from "next";
import { UpgradePrompts } from "@/components/billing/upgrade-prompt";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { EXPIRY_WARNING_DAYS, expiresSoon, isExpired, ROTATION_GRACE_HOURS } from "@/lib/api-keys/expiry";
import { listApiKeys, type ApiKeyRow } from "@/lib/api-keys/service";
import { limitsReached } from "@/lib/billing/limits";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { can, canGrant, ROLE_LABELS, ROLES } from "@/lib/tenancy/roles";
import { localDate } from "@/lib/time/zone";
import { revokeApiKeyAction } from "./actions";
import { CreateKeyForm } from "./create-key-form";
import { RotateKeyForm } from "./rotate-key-form";

export const metadata: Metadata = { title: "API keys" };

const BADGE = "ml-1 inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

function Expiry({ apiKey, now, format }: { apiKey: ApiKeyRow; now: Date; format: (d: Date) => string }) {
  if (!apiKey.expiresAt) return <>Never</>;
  if (isExpired(apiKey.expiresAt, now)) {
    return (
      <>
        {format(apiKey.expiresAt)} <span className={`${BADGE} bg-red-50 text-red-700 ring-red-200`}>Expired</span>
      </>
    );
  }
  if (expiresSoon(apiKey.expiresAt, now)) {
    const days = Math.ceil((apiKey.expiresAt.getTime() - now.getTime()) / 86_400_000);
    return (
      <>
        {format(apiKey.expiresAt)}{" "}
        <span data-testid="expiry-warning" className={`${BADGE} bg-amber-50 text-amber-800 ring-amber-200`}>
          {days <= 1 ? "Expires within a day" : `Expires in ${days} days`}
        </span>
      </>
    );
  }
  return <>{format(apiKey.expiresAt)}</>;
}

export default async function ApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug, "apikeys.manage");
  const [keys, reached] = await Promise.all([listApiKeys(workspace.id), limitsReached(workspace.id, ["apiKeys"])]);
  const now = new Date();
  // Times read in the workspace's reporting time zone, like every day in its reports.
  const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: workspace.timeZone });
  const format = (d: Date) => when.format(d);
  const roles = ROLES.filter((r) => canGrant(role, r)).map((r) => ({ value: r, label: ROLE_LABELS[r] }));
  const expiring = keys.filter((k) => expiresSoon(k.expiresAt, now));
  return (
    <>
      <Card
        title="Create an API key"
        description={
          <>
            Call the REST API under <code>/api/v1/workspaces/{workspace.slug}</code> with <code>Authorization: Bearer &lt;key&gt;</code>. A key acts in
            this workspace with its role. See the{" "}
            <a href="/docs/api" className="font-medium text-brand-700 hover:underline">
              API reference
            </a>
            .
          </>
        }
      >
        <UpgradePrompts messages={reached} slug={workspace.slug} canBill={can(role, "billing.manage")} />
        <CreateKeyForm slug={workspace.slug} roles={roles} today={localDate(now, workspace.timeZone)} />
      </Card>
      <Card
        title={`Active keys (${keys.length})`}
        description={`Rotating a key issues a new secret; the previous one keeps working for ${ROTATION_GRACE_HOURS} hours, so clients can switch without an outage.`}
      >
        {expiring.length ? (
          <div className="mb-4">
            <Notice>
              {expiring.length === 1 ? `"${expiring[0]!.name}" expires` : `${expiring.length} keys expire`} within {EXPIRY_WARNING_DAYS} days. Rotating
              does not extend a key: create a new one and move its clients over.
            </Notice>
          </div>
        ) : null}
        {keys.length === 0 ? (
          <p className="text-sm text-slate-500">No API keys yet.</p>
        ) : (
          <DataTable
            columns={[{ label: "Name" }, { label: "Key" }, { label: "Role" }, { label: "Created" }, { label: "Expires" }, { label: "Last used" }, { label: "" }]}
          >
            {keys.map((k) => (
              <tr key={k.id} data-testid="api-key-row" className="align-top">
                <td className="py-2 pr-4 font-medium">{k.name}</td>
                <td className="py-2 pr-4 font-mono text-xs text-slate-600">
                  {k.prefix}
                  {k.previousValidUntil && k.previousValidUntil > now ? (
                    <span className="block font-sans text-slate-400">previous secret works until {format(k.previousValidUntil)}</span>
                  ) : null}
                </td>
                <td className="py-2 pr-4">{ROLE_LABELS[k.role]}</td>
                <td className="py-2 pr-4 text-slate-600">
                  {format(k.createdAt)}
                  {k.rotatedAt ? <span className="block text-xs text-slate-400">rotated {format(k.rotatedAt)}</span> : null}
                  {k.createdBy ? <span className="block text-xs text-slate-400">by {k.createdBy.name ?? k.createdBy.email}</span> : null}
                </td>
                <td className="py-2 pr-4 text-slate-600">
                  <Expiry apiKey={k} now={now} format={format} />
                </td>
                <td className="py-2 pr-4 text-slate-600">{k.lastUsedAt ? format(k.lastUsedAt) : "Never"}</td>
                <td className="py-2 text-right">
                  <div className="flex flex-wrap justify-end gap-1">
                    {canGrant(role, k.role) && !isExpired(k.expiresAt, now) ? <RotateKeyForm slug={workspace.slug} id={k.id} name={k.name} /> : null}
                    <ActionForm action={revokeApiKeyAction} hidden={{ slug: workspace.slug, id: k.id }}>
                      <SubmitButton variant="ghost" pendingLabel="Revoking…">
                        Revoke
                      </SubmitButton>
                    </ActionForm>
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </>
  );
}

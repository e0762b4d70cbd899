import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { SubmitButton } from "@/components/ui/submit-button";
import { listApiKeys } from "@/lib/api-keys/service";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { canGrant, ROLE_LABELS, ROLES } from "@/lib/tenancy/roles";
import { revokeApiKeyAction } from "./actions";
import { CreateKeyForm } from "./create-key-form";

export const metadata: Metadata = { title: "API keys" };


export default async function ApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug, "apikeys.manage");
  const keys = await listApiKeys(workspace.id);
  // Times read in the workspace's reporting time zone, like every day in its reports.
  const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: workspace.timeZone });
  const roles = ROLES.filter((r) => canGrant(role, r)).map((r) => ({ value: r, label: ROLE_LABELS[r] }));
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
        <CreateKeyForm slug={workspace.slug} roles={roles} />
      </Card>
      <Card title={`Active keys (${keys.length})`}>
        {keys.length === 0 ? (
          <p className="text-sm text-slate-500">No API keys yet.</p>
        ) : (
          <DataTable
            columns={[{ label: "Name" }, { label: "Key" }, { label: "Role" }, { label: "Created" }, { label: "Last used" }, { label: "" }]}
          >
                {keys.map((k) => (
                  <tr key={k.id} data-testid="api-key-row">
                    <td className="py-2 pr-4 font-medium">{k.name}</td>
                    <td className="py-2 pr-4 font-mono text-xs text-slate-600">{k.prefix}</td>
                    <td className="py-2 pr-4">{ROLE_LABELS[k.role]}</td>
                    <td className="py-2 pr-4 text-slate-600">
                      {when.format(k.createdAt)}
                      {k.createdBy ? <span className="block text-xs text-slate-400">by {k.createdBy.name ?? k.createdBy.email}</span> : null}
                    </td>
                    <td className="py-2 pr-4 text-slate-600">{k.lastUsedAt ? when.format(k.lastUsedAt) : "Never"}</td>
                    <td className="py-2 text-right">
                      <ActionForm action={revokeApiKeyAction} hidden={{ slug: workspace.slug, id: k.id }}>
                        <SubmitButton variant="ghost" pendingLabel="Revoking…">
                          Revoke
                        </SubmitButton>
                      </ActionForm>
                    </td>
                  </tr>
                ))}
          </DataTable>
        )}
      </Card>
    </>
  );
}

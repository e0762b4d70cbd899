import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/audit/audit-table";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { listApiKeys } from "@/lib/api-keys/service";
import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_NAMES, AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from "@/lib/audit/actions";
import { auditFilterParams, DEFAULT_AUDIT_PAGE, listAuditEvents, parseAuditQuery, type AuditFilters } from "@/lib/audit/query";
import { AUDIT_RETENTION_DAYS } from "@/lib/audit/retention";
import { AppError } from "@/lib/errors";
import { listMembers } from "@/lib/members/service";
import { searchParamsOf, type PageSearch } from "@/lib/page-search";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "Audit trail" };

const ANY = { value: "", label: "Any" };

function FilterForm({ base, filters, actors }: { base: string; filters: AuditFilters; actors: { value: string; label: string }[] }) {
  const action = filters.action ?? (filters.actionGroup ? `${filters.actionGroup}.*` : "");
  return (
    <form method="get" action={base} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Filter the audit trail">
      <SelectField
        label="Action"
        name="action"
        defaultValue={action}
        options={[
          { value: "", label: "Any action" },
          ...AUDIT_ACTION_GROUPS.map((group) => ({ value: `${group}.*`, label: `Every ${group.replaceAll("_", " ")} action` })),
          ...AUDIT_ACTION_NAMES.map((name) => ({ value: name, label: AUDIT_ACTIONS[name].label })),
        ]}
      />
      <SelectField
        label="Actor kind"
        name="actor_kind"
        defaultValue={filters.actorKind ?? ""}
        options={[ANY, { value: "user", label: "Member" }, { value: "api_key", label: "API key" }, { value: "operator", label: "Operator" }, { value: "system", label: "System" }]}
      />
      <SelectField label="Actor" name="actor_id" defaultValue={filters.actorId ?? ""} options={[{ value: "", label: "Anyone" }, ...actors]} />
      <SelectField label="Target type" name="target_type" defaultValue={filters.targetType ?? ""} options={[ANY, ...AUDIT_TARGET_TYPES.map((t) => ({ value: t, label: t }))]} />
      <TextField label="Target id" name="target_id" defaultValue={filters.targetId ?? ""} maxLength={200} />
      <TextField label="From" name="from" type="date" defaultValue={filters.from ?? ""} />
      <TextField label="To" name="to" type="date" defaultValue={filters.to ?? ""} />
      <div className="flex flex-wrap items-end gap-3">
        <button type="submit" className={buttonClass("primary")}>
          Apply filters
        </button>
        <Link href={base} className="text-sm text-brand-700 hover:underline">
          Clear
        </Link>
      </div>
    </form>
  );
}

// The admins' page: the workspace's trail, newest first, filtered through the URL, with the
// same filters as a CSV download (served and recorded by the API).
export default async function AuditPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<PageSearch> }) {
  const { workspace } = await requireWorkspacePage((await params).slug, "audit.read");
  const base = `/w/${workspace.slug}/settings/audit`;
  const endpoint = `/api/v1/workspaces/${workspace.slug}/audit-events`;
  const [members, keys] = await Promise.all([listMembers(workspace.id), listApiKeys(workspace.id)]);
  const actors = [
    ...members.map((m) => ({ value: m.userId, label: m.name ? `${m.name} (${m.email})` : m.email })),
    ...keys.map((k) => ({ value: k.id, label: `API key: ${k.name}` })),
  ];
  const names = Object.fromEntries(actors.map((a) => [a.value, a.label]));
  const description = `Who changed what and when in this workspace, newest first, with times in ${workspace.timeZone}. Events are kept ${AUDIT_RETENTION_DAYS} days.`;

  const search = searchParamsOf(await searchParams);
  // The page always opens at the newest event; "Load more" pages on from there.
  search.delete("cursor");
  let query;
  try {
    query = parseAuditQuery(search);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "bad_request") throw error;
    return (
      <Card title="Audit trail" description={description}>
        <div className="space-y-3">
          <Notice tone="error">{error.message}</Notice>
          <Link href={base} className="text-sm text-brand-700 hover:underline">
            Show every event
          </Link>
        </div>
      </Card>
    );
  }
  const page = await listAuditEvents(workspace.id, workspace.timeZone, query);
  const filterText = auditFilterParams(query.filters).toString();
  const withFilters = (extra: string) => `${endpoint}?${[extra, filterText].filter(Boolean).join("&")}`;
  const filtered = filterText !== "";

  return (
    <>
      <Card title="Audit trail" description={description}>
        <div className="space-y-6">
          <FilterForm base={base} filters={query.filters} actors={actors} />
          <div className="flex flex-wrap items-center gap-3">
            <a href={withFilters("format=csv")} download className={buttonClass("secondary")} data-testid="audit-csv">
              Download CSV
            </a>
            <span className="text-xs text-slate-500">{filtered ? "The events matching these filters." : "Every event kept."} Each download is recorded here.</span>
          </div>
        </div>
      </Card>
      <Card title="Events">
        {page.events.length === 0 ? (
          <div className="space-y-2 py-4 text-center text-sm text-slate-600" data-testid="audit-empty">
            <p>{filtered ? "No event matches these filters." : "Nothing has been recorded yet."}</p>
            {filtered ? (
              <Link href={base} className="text-brand-700 hover:underline">
                Clear the filters
              </Link>
            ) : (
              <p className="text-slate-500">Changes to members, invitations, API keys, connections and settings appear here.</p>
            )}
          </div>
        ) : (
          <AuditTable initial={page} endpoint={withFilters(query.limit === DEFAULT_AUDIT_PAGE ? "" : `limit=${query.limit}`)} names={names} />
        )}
      </Card>
    </>
  );
}

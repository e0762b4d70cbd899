"use client";

import { useState } from "react";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";
import { ProductGroupEditor, RULE_FIELD_LABELS, type EditorRule, type RuleOptions } from "./product-group-editor";

type Group = { id: string; key: string; name: string; rules: EditorRule[] };
type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/** The workspace's groups in order; admins edit one at a time in place, move and delete them. */
export function ProductGroupList({ slug, groups, options, readOnly, actions }: {
  slug: string;
  groups: Group[];
  options: RuleOptions;
  readOnly: boolean;
  actions: { save: Action; remove: Action; move: Action; preview: React.ComponentProps<typeof ProductGroupEditor>["previewAction"] };
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  return (
    <div className="space-y-4">
      {groups.length === 0 ? <p className="text-sm text-slate-500">No product groups yet.</p> : null}
      <ul className="divide-y divide-slate-100" aria-label="Product groups">
        {groups.map((group, index) => (
          <li key={group.id} className="space-y-3 py-3" data-testid="product-group-row">
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div className="min-w-0">
                <p className="text-sm font-medium text-slate-900">{group.name}</p>
                <p className="text-xs text-slate-500">
                  Metric ids: <code>product_group_sales:{group.key}</code>, <code>product_group_units:{group.key}</code>
                </p>
                <p className="mt-1 text-xs text-slate-600">
                  {group.rules.map((r) => `${RULE_FIELD_LABELS[r.field]} “${r.value}”`).join(" · ")}
                </p>
              </div>
              {readOnly ? null : (
                <div className="flex flex-wrap items-center gap-1">
                  {index > 0 ? (
                    <ActionForm action={actions.move} hidden={{ slug, id: group.id, direction: "up" }} label={`Move ${group.name} up`}>
                      <SubmitButton variant="ghost" pendingLabel="Moving…">Up</SubmitButton>
                    </ActionForm>
                  ) : null}
                  {index < groups.length - 1 ? (
                    <ActionForm action={actions.move} hidden={{ slug, id: group.id, direction: "down" }} label={`Move ${group.name} down`}>
                      <SubmitButton variant="ghost" pendingLabel="Moving…">Down</SubmitButton>
                    </ActionForm>
                  ) : null}
                  <Button type="button" variant="secondary" onClick={() => setEditing(editing === group.id ? null : group.id)}>
                    {editing === group.id ? "Close" : "Edit"}
                  </Button>
                  <ActionForm action={actions.remove} hidden={{ slug, id: group.id }} label={`Delete ${group.name}`}>
                    <SubmitButton variant="ghost" pendingLabel="Deleting…">Delete</SubmitButton>
                  </ActionForm>
                </div>
              )}
            </div>
            {editing === group.id ? (
              <ProductGroupEditor
                slug={slug}
                group={group}
                options={options}
                saveAction={actions.save}
                previewAction={actions.preview}
                onDone={() => setEditing(null)}
              />
            ) : null}
          </li>
        ))}
      </ul>
      {readOnly ? null : creating ? (
        <div className="rounded-md p-4 ring-1 ring-inset ring-slate-200">
          <ProductGroupEditor slug={slug} options={options} saveAction={actions.save} previewAction={actions.preview} onDone={() => setCreating(false)} />
        </div>
      ) : (
        <Button type="button" onClick={() => setCreating(true)}>New product group</Button>
      )}
    </div>
  );
}

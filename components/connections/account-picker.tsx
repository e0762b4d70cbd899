"use client";

import { useFormAction } from "@/components/ui/form-action";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";
import type { AccountNode } from "./account-tree";

function details(node: AccountNode): string {
  const { account } = node;
  const parts = [account.id, account.currency, account.timeZone, account.status && account.status.toLowerCase() !== "enabled" && account.status.toLowerCase() !== "active" ? account.status : null];
  return parts.filter(Boolean).join(" · ");
}

function Branch({ nodes, depth }: { nodes: AccountNode[]; depth: number }) {
  return (
    <ul className={depth ? "ml-6 mt-2 space-y-2 border-l border-slate-200 pl-4" : "space-y-2"} role={depth ? "group" : undefined}>
      {nodes.map((n) => (
        <li key={`${n.choice}-${depth}`} data-testid="picker-account">
          {n.selectable ? (
            <label className="flex cursor-pointer items-start gap-3 rounded-md p-2 hover:bg-slate-50">
              <input type="radio" name="account" value={n.choice} className="mt-1" required />
              <span>
                <span className="block text-sm font-medium text-slate-900">{n.account.name}</span>
                <span className="block text-xs text-slate-500">{details(n)}</span>
              </span>
            </label>
          ) : (
            <div className="p-2" aria-disabled="true">
              <span className="block text-sm font-medium text-slate-700">
                {n.account.name} <span className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-600">Manager</span>
              </span>
              <span className="block text-xs text-slate-500">{`${n.account.id} · a manager account has no campaigns of its own: pick one of its clients`}</span>
            </div>
          )}
          {n.children.length ? <Branch nodes={n.children} depth={depth + 1} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** The accounts a platform sign-in can see, as a tree (Google Ads managers above their clients); one is picked. */
export function AccountPicker({ slug, tree, label, action }: {
  slug: string;
  tree: AccountNode[];
  label: string;
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
}) {
  const { state, form } = useFormAction(action);
  return (
    <form {...form} className="space-y-4" aria-label={`Choose a ${label} account`}>
      <input type="hidden" name="slug" value={slug} />
      <fieldset>
        <legend className="sr-only">{`${label} accounts`}</legend>
        <Branch nodes={tree} depth={0} />
      </fieldset>
      {state?.fields?.account ? (
        <p id="account-error" className="text-sm text-red-600" role="alert">
          {state.fields.account}
        </p>
      ) : (
        <ActionNotice state={state} />
      )}
      <SubmitButton pendingLabel="Connecting…">Connect this account</SubmitButton>
    </form>
  );
}

import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";
import { countedNoun, type ConnectionChoices } from "@/lib/billing/connection-limits";
import { providerLabel } from "@/lib/connectors/registry";

const GROUP_TITLES = { storeConnections: "Stores", otherConnections: "Ad and other accounts" } as const;

/**
 * The owner's choice of which connections keep syncing on a plan that allows fewer than the
 * workspace has (a subscription ending, or already ended). What is ticked is what stays.
 */
export function KeepConnectionsCard({ choices, slug, timeZone, action }: {
  choices: ConnectionChoices;
  slug: string;
  timeZone: string;
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
}) {
  if (choices.groups.length === 0) return null;
  const { plan, from } = choices.ahead;
  const day = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone });
  const allowance = choices.groups.map((g) => countedNoun(g.limit, g.allowed)).join(" and ");
  const upcoming = from !== null && from > new Date();
  return (
    <Card title={`Connections on the ${plan.name} plan`} description="Which connections keep syncing when the plan allows fewer than this workspace has.">
      <div className="space-y-3 text-sm text-slate-700" data-testid="keep-connections">
        <p>
          {upcoming
            ? `From ${day.format(from)} this workspace is on the ${plan.name} plan, which keeps ${allowance} syncing. `
            : `The ${plan.name} plan keeps ${allowance} syncing. `}
          The others are paused: they stop syncing, and everything they synced stays in your reports. Upgrading resumes them all; so does choosing
          them here instead of others.
        </p>
        {choices.chosenAt === null ? (
          <Notice>You have not chosen yet, so the connections syncing now stay, oldest first: they are ticked below.</Notice>
        ) : (
          <p className="text-slate-500">You chose on {day.format(choices.chosenAt)}; empty places go to the connections syncing now, oldest first.</p>
        )}
        <ActionForm action={action} hidden={{ slug }} label="Choose which connections stay" className="space-y-4">
          {choices.groups.map((group) => (
            <fieldset key={group.limit} className="w-full space-y-2">
              <legend className="font-medium text-slate-900">
                {GROUP_TITLES[group.limit]}: {countedNoun(group.limit, group.allowed)} of {group.connections.length} stay
              </legend>
              {group.connections.map((c) => (
                <label key={c.id} className="flex min-h-11 items-start gap-3 rounded-md px-3 py-2 ring-1 ring-slate-200 focus-within:ring-2 focus-within:ring-brand-500">
                  <input
                    type={group.allowed === 1 ? "radio" : "checkbox"}
                    name={group.limit}
                    value={c.id}
                    defaultChecked={c.kept}
                    className="mt-1 h-4 w-4 shrink-0"
                  />
                  <span className="min-w-0 break-words">
                    <span className="font-medium text-slate-900">{c.displayName}</span>
                    <span className="block text-slate-500">
                      {providerLabel(c.provider)} · connected {day.format(c.createdAt)}
                      {c.paused ? " · paused now" : ""}
                    </span>
                  </span>
                </label>
              ))}
            </fieldset>
          ))}
          <SubmitButton pendingLabel="Saving…">Keep these connections</SubmitButton>
        </ActionForm>
      </div>
    </Card>
  );
}

"use client";

import { useEffect, useState } from "react";
import type { TBuilderField, TBuilderOptions } from "@/lib/tags/builder-options";
import { isDraftGroup, manyValues, MAX_GROUP_DEPTH, messagesAt, newCondition, newGroup, OP_WORDS, ruleFromDraft, type TDraftCondition, type TDraftGroup, type TDraftNode } from "./rule-draft";
import { jsonInit, tagsApi } from "./tags-api";

// The rule builder: groups of conditions matched all or any (nested up to three deep), each
// condition's value asked for the way its field needs it, and a live count of the people the rule
// matches now (the preview endpoint, asked once typing pauses). The server's messages show next to
// the place they name.

const CONTROL = "block w-full rounded-md border-0 px-2 py-1.5 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-600";
const SMALL_BUTTON = "rounded-md px-2 py-1 text-sm font-medium text-brand-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600";
const PREVIEW_DELAY_MS = 400;

type Shared = { options: TBuilderOptions; errors: Record<string, string> };

function FieldError({ messages, id }: { messages: string[]; id: string }) {
  if (messages.length === 0) return null;
  return (
    <p id={id} role="alert" className="text-xs text-red-600" data-testid="rule-error">
      {messages.join(" ")}
    </p>
  );
}

function Checkboxes({ legend, choices, chosen, onChange }: { legend: string; choices: { value: string; label: string }[]; chosen: string[]; onChange: (values: string[]) => void }) {
  if (choices.length === 0) return <p className="text-xs text-slate-500">No product groups yet: add them under Settings, then Metrics.</p>;
  return (
    <fieldset>
      <legend className="sr-only">{legend}</legend>
      <div className="flex flex-wrap gap-x-3 gap-y-1">
        {choices.map((c) => (
          <label key={c.value} className="flex items-center gap-1 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={chosen.includes(c.value)}
              onChange={(e) => onChange(e.target.checked ? [...chosen, c.value] : chosen.filter((v) => v !== c.value))}
            />
            {c.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function ValueInput({ field, groups, condition, label, invalid, describedBy, onChange }: {
  field: TBuilderField; groups: TBuilderOptions["groups"]; condition: TDraftCondition; label: string; invalid: boolean; describedBy: string | undefined;
  onChange: (change: Partial<TDraftCondition>) => void;
}) {
  const aria = { "aria-invalid": invalid || undefined, "aria-describedby": describedBy };
  if (field.kind === "number") {
    const numberProps = { type: "number", inputMode: "decimal" as const, step: field.integer ? 1 : "any", min: field.min ?? undefined, max: field.max ?? undefined, className: CONTROL, ...aria };
    const unit = field.unit === "days" ? " (days)" : field.unit === "currency" ? " (workspace currency)" : "";
    if (condition.op === "between") {
      return (
        <div className="flex items-center gap-2">
          <input {...numberProps} aria-label={`${label} from${unit}`} value={condition.value} onChange={(e) => onChange({ value: e.target.value })} />
          <span className="text-sm text-slate-500">and</span>
          <input {...numberProps} aria-label={`${label} to${unit}`} value={condition.to} onChange={(e) => onChange({ to: e.target.value })} />
        </div>
      );
    }
    return <input {...numberProps} aria-label={`${label}${unit}`} value={condition.value} onChange={(e) => onChange({ value: e.target.value })} />;
  }
  if (field.kind === "groups") {
    const choices = groups.map((g) => ({ value: g.key, label: g.name }));
    return <Checkboxes legend={label} choices={choices} chosen={condition.values} onChange={(values) => onChange({ values })} />;
  }
  if (field.values) {
    const choices = field.values.map((v) => ({ value: v, label: v.replace(/_/g, " ") }));
    if (manyValues(field, condition.op)) return <Checkboxes legend={label} choices={choices} chosen={condition.values} onChange={(values) => onChange({ values })} />;
    return (
      <select aria-label={label} className={CONTROL} value={condition.value} onChange={(e) => onChange({ value: e.target.value })} {...aria}>
        <option value="">Choose…</option>
        {choices.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
      </select>
    );
  }
  const many = manyValues(field, condition.op);
  return (
    <input
      type="text"
      aria-label={many ? `${label} (separated by commas)` : label}
      placeholder={field.name === "country" ? (many ? "US, CA" : "US") : many ? "one, another" : ""}
      className={CONTROL}
      value={condition.value}
      onChange={(e) => onChange({ value: e.target.value })}
      {...aria}
    />
  );
}

function ConditionRow({ condition, path, label, shared, onChange, onRemove }: {
  condition: TDraftCondition; path: string; label: string; shared: Shared; onChange: (node: TDraftCondition) => void; onRemove: () => void;
}) {
  const { options, errors } = shared;
  const field = options.fields.find((f) => f.name === condition.field);
  const fieldErrors = messagesAt(errors, `${path}.field`);
  const opErrors = messagesAt(errors, `${path}.op`);
  const valueErrors = messagesAt(errors, `${path}.value`);
  const errorId = (part: string) => `${path}.${part}-error`;
  const change = (patch: Partial<TDraftCondition>) => onChange({ ...condition, ...patch });
  return (
    <li className="space-y-1 rounded-md bg-white p-2 ring-1 ring-slate-200" data-testid="rule-condition">
      <div className="grid gap-2 sm:grid-cols-[minmax(0,12rem)_minmax(0,9rem)_minmax(0,1fr)_auto] sm:items-start">
        <div>
          <select
            aria-label={`Field of condition ${label}`}
            className={CONTROL}
            value={condition.field}
            aria-invalid={fieldErrors.length > 0 || undefined}
            aria-describedby={fieldErrors.length ? errorId("field") : undefined}
            onChange={(e) => {
              const next = options.fields.find((f) => f.name === e.target.value);
              if (next) onChange({ ...newCondition(next), key: condition.key });
            }}
          >
            {field ? null : <option value={condition.field}>{condition.field}</option>}
            {options.fields.map((f) => <option key={f.name} value={f.name}>{f.label}</option>)}
          </select>
          <FieldError messages={fieldErrors} id={errorId("field")} />
        </div>
        <div>
          <select aria-label={`Operator of condition ${label}`} className={CONTROL} value={condition.op} onChange={(e) => change({ op: e.target.value })}>
            {(field?.ops ?? [condition.op]).map((op) => <option key={op} value={op}>{OP_WORDS[op] ?? op}</option>)}
          </select>
          <FieldError messages={opErrors} id={errorId("op")} />
        </div>
        <div>
          {field ? (
            <ValueInput
              field={field}
              groups={options.groups}
              condition={condition}
              label={`Value of condition ${label}`}
              invalid={valueErrors.length > 0}
              describedBy={valueErrors.length ? errorId("value") : undefined}
              onChange={change}
            />
          ) : null}
          {field?.hint && !valueErrors.length ? <p className="text-xs text-slate-500">Use {field.hint}.</p> : null}
          <FieldError messages={valueErrors} id={errorId("value")} />
        </div>
        <button type="button" className={SMALL_BUTTON} onClick={onRemove} aria-label={`Remove condition ${label}`}>
          Remove
        </button>
      </div>
    </li>
  );
}

function GroupEditor({ group, path, label, depth, shared, onChange, onRemove }: {
  group: TDraftGroup; path: string; label: string; depth: number; shared: Shared; onChange: (group: TDraftGroup) => void; onRemove?: () => void;
}) {
  const { options, errors } = shared;
  const groupErrors = [errors[path], errors[`${path}.match`], errors[`${path}.conditions`]].filter((m): m is string => Boolean(m));
  const setNode = (i: number, node: TDraftNode) => onChange({ ...group, conditions: group.conditions.map((n, j) => (j === i ? node : n)) });
  const removeNode = (i: number) => onChange({ ...group, conditions: group.conditions.filter((_, j) => j !== i) });
  const add = (node: TDraftNode) => onChange({ ...group, conditions: [...group.conditions, node] });
  const name = label ? `group ${label}` : "the rule";
  return (
    <div className={`space-y-2 rounded-md p-3 ${depth > 1 ? "bg-slate-100" : "bg-slate-50"} ring-1 ring-slate-200`} data-testid="rule-group">
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
        <span>Match</span>
        <select aria-label={`Match of ${name}`} className={`${CONTROL} w-auto`} value={group.match} onChange={(e) => onChange({ ...group, match: e.target.value === "any" ? "any" : "all" })}>
          <option value="all">all</option>
          <option value="any">any</option>
        </select>
        <span>of these conditions</span>
        {onRemove ? (
          <button type="button" className={`${SMALL_BUTTON} ml-auto`} onClick={onRemove} aria-label={`Remove ${name}`}>
            Remove group
          </button>
        ) : null}
      </div>
      <FieldError messages={groupErrors} id={`${path}-error`} />
      <ul className="space-y-2">
        {group.conditions.map((node, i) => {
          const here = `${path}.conditions.${i}`;
          const childLabel = label ? `${label}.${i + 1}` : `${i + 1}`;
          return isDraftGroup(node) ? (
            <li key={node.key}>
              <GroupEditor group={node} path={here} label={childLabel} depth={depth + 1} shared={shared} onChange={(g) => setNode(i, g)} onRemove={() => removeNode(i)} />
            </li>
          ) : (
            <ConditionRow key={node.key} condition={node} path={here} label={childLabel} shared={shared} onChange={(c) => setNode(i, c)} onRemove={() => removeNode(i)} />
          );
        })}
      </ul>
      <div className="flex flex-wrap gap-2">
        <button type="button" className={SMALL_BUTTON} onClick={() => add(newCondition(options.fields[0]!))}>
          Add condition{label ? ` to group ${label}` : ""}
        </button>
        {depth < MAX_GROUP_DEPTH ? (
          <button type="button" className={SMALL_BUTTON} onClick={() => add(newGroup([newCondition(options.fields[0]!)]))}>
            Add group{label ? ` to group ${label}` : ""}
          </button>
        ) : null}
      </div>
    </div>
  );
}

type Preview = { state: "idle" | "counting" } | { state: "counted"; count: number } | { state: "invalid"; message: string; fields: Record<string, string> };

/** How many people the draft matches now, asked once typing pauses; its errors name their places. */
function useLivePreview(slug: string, rule: unknown): Preview {
  const [preview, setPreview] = useState<Preview>({ state: "idle" });
  const body = JSON.stringify({ rule });
  useEffect(() => {
    // A request already sent is left to finish (its answer ignored) rather than cut off mid-query.
    let stale = false;
    const timer = setTimeout(async () => {
      setPreview({ state: "counting" });
      const answer = await tagsApi<{ count: number }>(slug, "/preview", jsonInit("POST", JSON.parse(body)));
      if (stale) return;
      if (answer.ok && answer.body) setPreview({ state: "counted", count: answer.body.count });
      else setPreview({ state: "invalid", message: answer.error ?? "The rule could not be counted.", fields: answer.fields });
    }, PREVIEW_DELAY_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [slug, body]);
  return preview;
}

export function RuleBuilder({ slug, options, draft, onChange, errors }: {
  slug: string; options: TBuilderOptions; draft: TDraftGroup; onChange: (draft: TDraftGroup) => void; errors: Record<string, string>;
}) {
  const preview = useLivePreview(slug, ruleFromDraft(draft, options.fields));
  // The save's messages win over the preview's for the same place.
  const shared: Shared = { options, errors: { ...(preview.state === "invalid" ? preview.fields : {}), ...errors } };
  return (
    <div className="space-y-2">
      <GroupEditor group={draft} path="rule" label="" depth={1} shared={shared} onChange={onChange} />
      <p className="text-sm" aria-live="polite" data-testid="rule-live-count">
        {preview.state === "counted" ? (
          <span className="font-medium text-slate-900">{preview.count.toLocaleString("en")} {preview.count === 1 ? "person matches" : "people match"} now.</span>
        ) : preview.state === "invalid" ? (
          <span className="text-slate-600">Finish the rule to see how many people match.</span>
        ) : (
          <span className="text-slate-500">Counting…</span>
        )}
      </p>
    </div>
  );
}

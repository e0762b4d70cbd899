import type { TBuilderField } from "@/lib/tags/builder-options";

// The rule builder's editable copy of a rule: every value kept as the text typed (or the boxes
// ticked), turned into the API's tree only when it is sent, so the server's checks (which name the
// exact place, e.g. rule.conditions.1.value) are the ones that speak.

export type TDraftCondition = { key: number; field: string; op: string; value: string; to: string; values: string[] };
export type TDraftGroup = { key: number; match: "all" | "any"; conditions: TDraftNode[] };
export type TDraftNode = TDraftCondition | TDraftGroup;

export const isDraftGroup = (node: TDraftNode): node is TDraftGroup => "match" in node;

let nextKey = 1;
export const draftKey = () => nextKey++;

export const MAX_GROUP_DEPTH = 3;

export const OP_WORDS: Record<string, string> = {
  gt: "more than",
  gte: "at least",
  lt: "less than",
  lte: "at most",
  eq: "exactly",
  between: "between",
  is: "is",
  is_not: "is not",
  in: "is one of",
  not_in: "is none of",
  any_of: "any of",
  none_of: "none of",
};

export const manyValues = (field: TBuilderField | undefined, op: string) => field?.kind === "groups" || op === "in" || op === "not_in";

export function newCondition(field: TBuilderField): TDraftCondition {
  return { key: draftKey(), field: field.name, op: field.ops[0]!, value: "", to: "", values: [] };
}

export const newGroup = (conditions: TDraftNode[] = []): TDraftGroup => ({ key: draftKey(), match: "all", conditions });

const splitList = (text: string) => text.split(",").map((v) => v.trim()).filter((v) => v !== "");

function conditionToRule(c: TDraftCondition, field: TBuilderField | undefined): unknown {
  const tidy = (v: string) => (c.field === "country" ? v.trim().toUpperCase() : v.trim());
  if (field?.kind === "number") return { field: c.field, op: c.op, value: c.op === "between" ? [c.value.trim(), c.to.trim()] : c.value.trim() };
  if (manyValues(field, c.op)) return { field: c.field, op: c.op, value: field?.values || field?.kind === "groups" ? c.values : splitList(c.value).map(tidy) };
  return { field: c.field, op: c.op, value: tidy(c.value) };
}

/** The API's tree for a draft. */
export function ruleFromDraft(group: TDraftGroup, fields: readonly TBuilderField[]): unknown {
  return {
    match: group.match,
    conditions: group.conditions.map((node) => (isDraftGroup(node) ? ruleFromDraft(node, fields) : conditionToRule(node, fields.find((f) => f.name === node.field)))),
  };
}

type TStoredNode = { match?: unknown; conditions?: unknown; field?: unknown; op?: unknown; value?: unknown };

/** A draft of a stored tree (as the API returns it), for editing. */
export function draftFromRule(definition: unknown, fields: readonly TBuilderField[]): TDraftGroup {
  const stored = (definition ?? {}) as TStoredNode;
  const conditions = Array.isArray(stored.conditions) ? (stored.conditions as TStoredNode[]) : [];
  return {
    key: draftKey(),
    match: stored.match === "any" ? "any" : "all",
    conditions: conditions.map((node): TDraftNode => {
      if (node.match !== undefined) return draftFromRule(node, fields);
      const field = fields.find((f) => f.name === node.field);
      const value = node.value;
      const base = { key: draftKey(), field: String(node.field ?? ""), op: String(node.op ?? ""), value: "", to: "", values: [] as string[] };
      if (Array.isArray(value) && node.op === "between") return { ...base, value: String(value[0] ?? ""), to: String(value[1] ?? "") };
      if (Array.isArray(value)) {
        const list = value.map(String);
        return field?.values || field?.kind === "groups" ? { ...base, values: list } : { ...base, value: list.join(", ") };
      }
      return { ...base, value: value === undefined || value === null ? "" : String(value) };
    }),
  };
}

/** The server's messages about one place of the tree and below it (e.g. rule.conditions.1.value.0). */
export function messagesAt(errors: Record<string, string>, path: string): string[] {
  return Object.entries(errors).filter(([at]) => at === path || at.startsWith(`${path}.`)).map(([, message]) => message);
}

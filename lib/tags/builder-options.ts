import { db } from "@/lib/db/client";
import { opsOf, RULE_FIELD_NAMES, RULE_FIELDS, type TRuleFieldName } from "./rules/fields";
import { ruleRunContext } from "./rules/run";

// What the tags page's rule builder offers: each field with its operators and the input it needs,
// and the workspace's product groups, as plain data a browser component can take.

export type TBuilderField = {
  name: TRuleFieldName;
  label: string;
  kind: "number" | "choice" | "groups";
  ops: readonly string[];
  /** A choice field's allowed values (levels, segments), or none for free text (country, channel). */
  values: readonly string[] | null;
  hint: string | null;
  min: number | null;
  max: number | null;
  integer: boolean;
  unit: string | null;
};

export type TBuilderOptions = { fields: TBuilderField[]; groups: { key: string; name: string }[] };

function describeField(name: TRuleFieldName): TBuilderField {
  const field = RULE_FIELDS[name];
  const range = field.kind === "number" ? field.range : null;
  return {
    name,
    label: field.label,
    kind: field.kind,
    ops: opsOf(field),
    values: "values" in field ? field.values : null,
    hint: "patternHint" in field ? field.patternHint : null,
    min: range && "min" in range ? (range.min ?? null) : null,
    max: range && "max" in range ? (range.max ?? null) : null,
    integer: range !== null && "integer" in range && range.integer === true,
    unit: "unit" in field ? (field.unit ?? null) : null,
  };
}

/** The fields a rule can use in this workspace (activity fields once scores exist) and its product groups. */
export async function ruleBuilderOptions(workspaceId: string): Promise<TBuilderOptions> {
  const [ctx, groups] = await Promise.all([
    ruleRunContext(workspaceId),
    db.productGroup.findMany({ where: { workspaceId }, select: { key: true, name: true }, orderBy: [{ position: "asc" }, { name: "asc" }] }),
  ]);
  const fields = RULE_FIELD_NAMES.map(describeField).filter((f) => ctx.activity || !("activity" in RULE_FIELDS[f.name]));
  return { fields, groups: groups.filter((g) => ctx.groupKeys.includes(g.key)) };
}

import { MAX_MEMBERS_PAGE } from "@/lib/tags/members";
import { BUILTINS, BUILTIN_TAGS } from "@/lib/tags/rules/builtins";
import { MAX_CONDITIONS, MAX_DEPTH } from "@/lib/tags/rules/definition";
import { RULE_FIELDS, RULE_FIELD_NAMES, opsOf } from "@/lib/tags/rules/fields";
import type { QueryParameter } from "./report-parameters";

// Customer tags: the tags, their rules and their members. Valid fields and operators come from the
// lists that validate them. Plain constants, checked against Operation where operations.ts lists them.

const WS = "/api/v1/workspaces/{slug}";
const TAG = `${WS}/tags/{id}`;

const query = (name: string, description: string, schema: QueryParameter["schema"], example?: string): QueryParameter => ({
  name, in: "query", required: false, description, schema, ...(example ? { example } : {}),
});

const FIELDS = RULE_FIELD_NAMES.map((name) => `\`${name}\` (${RULE_FIELDS[name].label}: ${opsOf(RULE_FIELDS[name]).join(", ")})`).join("; ");

export const TAG_RULE_RULES =
  `A rule is \`{ "match": "all" | "any", "conditions": [...] }\`; a condition is \`{ "field", "op", "value" }\` or a nested group (at most ${MAX_DEPTH} deep, ${MAX_CONDITIONS} conditions). ` +
  `Fields: ${FIELDS}. \`between\` takes [from, to]; \`in\`/\`not_in\`/\`any_of\`/\`none_of\` a list; a person without the figure never matches a number (\`is_not\` and \`not_in\` match them). ` +
  "Activity fields (score, level, RFM) are refused until the workspace's activity scores exist. An unknown field, operator or an invalid threshold is a 400 naming the place (`rule.conditions.1.value`). " +
  "Rules run after every recompute of the people they read; each change of membership is kept in the people's tag history.";

const BUILTIN_TEXT = BUILTINS.map((b) => `\`${b}\` (${BUILTIN_TAGS[b].name}: ${BUILTIN_TAGS[b].description})`).join("; ");

const UPLOAD_ANSWERS = [
  { status: 422, description: "Refused: some people were not found and partial was not asked (nothing applied), or nobody matched. The body is the same report.", schema: "TagMatchReport" },
] as const;

export const TAG_MEMBER_QUERY: QueryParameter[] = [
  query("limit", `People per page (1 to ${MAX_MEMBERS_PAGE}).`, { type: "integer", minimum: 1, maximum: MAX_MEMBERS_PAGE, default: 100 }, "100"),
  query("cursor", "The next_cursor of the previous page.", { type: "string" }),
];

export const TAG_UPLOAD_QUERY: QueryParameter[] = [
  query("action", "`add` (the default) or `remove`.", { type: "string", enum: ["add", "remove"], default: "add" }),
  query("partial", "`true` applies the rows that matched even when others did not.", { type: "boolean", default: false }),
];

export const TAG_OPERATIONS = [
  {
    method: "get", path: `${WS}/tags`, tag: "Tags", operationId: "listTags", role: "viewer",
    summary: "List tags",
    description: `The workspace's tags with how many people have each now, and each rule tag's rule. The built-in rules are there from the first read, switched on: ${BUILTIN_TEXT}.`,
    success: { status: 200, description: "The tags, by name.", schema: "TagList" },
  },
  {
    method: "post", path: `${WS}/tags`, tag: "Tags", operationId: "createTag", role: "member",
    summary: "Create a tag",
    description: `A tag set by hand, or (with \`rule\`) a rule tag whose members are computed at once. With \`segment_move\` the new tag (set by hand) is given everyone of one cell of the segments page's movement table this month; \`rule\` and \`segment_move\` together are a 400 naming \`segment_move\`. Names are unique per workspace, whatever their case (409). ${TAG_RULE_RULES}`,
    body: { schema: "TagInput" },
    success: { status: 201, description: "The tag, with its size.", schema: "Tag" },
  },
  {
    method: "post", path: `${WS}/tags/preview`, tag: "Tags", operationId: "previewTagRule", role: "viewer",
    summary: "Count a rule's people",
    description: `How many people a rule would tag now, without saving it. ${TAG_RULE_RULES}`,
    body: { schema: "TagRulePreviewInput" },
    success: { status: 200, description: "The count.", schema: "TagRulePreview" },
  },
  {
    method: "get", path: TAG, tag: "Tags", operationId: "getTag", role: "viewer",
    summary: "Get a tag", description: "One tag, its size and its rule.",
    success: { status: 200, description: "The tag.", schema: "Tag" },
  },
  {
    method: "patch", path: TAG, tag: "Tags", operationId: "updateTag", role: "member",
    summary: "Change a tag",
    description: "Renames it, changes its description, replaces a rule tag's rule or switches it on or off. A rule change or a switch looks at everyone again: who joins or leaves is recorded. " +
      "A built-in rule can be switched but not edited.",
    body: { schema: "TagUpdate" },
    success: { status: 200, description: "The tag.", schema: "Tag" },
  },
  {
    method: "delete", path: TAG, tag: "Tags", operationId: "deleteTag", role: "member",
    summary: "Delete a tag", description: "Its members leave it (recorded in their history, which keeps the entries). A built-in tag cannot be deleted; switch it off.",
    success: { status: 204, description: "Deleted." },
  },
  {
    method: "get", path: `${TAG}/members`, tag: "Tags", operationId: "listTagMembers", role: "viewer",
    summary: "List a tag's people", description: "The people who have the tag now, by customer id, a page at a time.",
    query: TAG_MEMBER_QUERY,
    success: { status: 200, description: "A page of people.", schema: "TagMembers" },
  },
  {
    method: "post", path: `${TAG}/members`, tag: "Tags", operationId: "changeTagMembers", role: "member",
    summary: "Tag or untag people",
    description: "Adds (`add`) or removes (`remove`) people of a tag set by hand, by customer id (the customers API's). Every id is matched first: unless all are this workspace's customers " +
      "or `partial` is true, nothing is applied and the answer (422) says which did not match. A rule tag's people are its rule's.",
    body: { schema: "TagMembersChange" },
    success: { status: 200, description: "What matched and what changed.", schema: "TagMatchReport" },
    otherResponses: UPLOAD_ANSWERS,
  },
  {
    method: "post", path: `${TAG}/members/upload`, tag: "Tags", operationId: "uploadTagMembers", role: "member",
    summary: "Tag or untag people from a CSV",
    description: "A CSV (Content-Type: text/csv) with a header row and an `email` or a `customer_id` column, one person a row. Emails are matched by the customers' keyed hash and never stored; " +
      "the report shows them masked. All or nothing unless `partial=true`, like imports: a 422 with the report when some rows did not match.",
    query: TAG_UPLOAD_QUERY,
    body: { description: "The CSV file.", csvColumns: [
      { name: "email", required: false, description: "The customer's email (either this column or customer_id)." },
      { name: "customer_id", required: false, description: "The customer's id in the customers API." },
    ] },
    success: { status: 200, description: "What matched and what changed.", schema: "TagMatchReport" },
    otherResponses: [...UPLOAD_ANSWERS, { status: 415, description: "The body is not text/csv.", schema: "Error" }],
  },
] as const;

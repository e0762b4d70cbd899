import { z } from "zod";
import { BUILTINS } from "./rules/builtins";
import { RFM_SEGMENTS } from "./rules/fields";

// The tags API's shapes: they validate requests and feed the OpenAPI document.

export const MAX_TAGS = 500;
export const MAX_RULE_TAGS = 100;
export const MAX_BULK_PEOPLE = 10_000;

export const ZTagNameSchema = z.string("Name the tag.").trim().min(1, "Name the tag.").max(60, "At most 60 characters.");
const ZDescription = z.string("Describe it in words.").trim().max(300, "At most 300 characters.").nullable();

// The rule's tree is checked field by field by lib/tags/rules/definition.ts (a 400 names the place).
const ZRuleTree = z.unknown().describe(
  'The rule builder\'s tree: { "match": "all" | "any", "conditions": [ { "field", "op", "value" } or a nested group ] }.',
);

// One cell of the segments page's movement table: an RFM segment at the start of the month, or
// "none" (no segment then, or none now).
const SEGMENT_SIDES = [...RFM_SEGMENTS, "none"] as const;
const ZSegmentSide = z.enum(SEGMENT_SIDES, `One of ${SEGMENT_SIDES.join(", ")}.`);

export const ZTagCreateSchema = z.object({
  name: ZTagNameSchema,
  description: ZDescription.optional(),
  rule: ZRuleTree.optional().describe("Makes the tag a rule tag: members are whoever matches, recomputed after every recompute."),
  segment_move: z
    .object({ from: ZSegmentSide, to: ZSegmentSide }, "An object with from and to.")
    .strict()
    .optional()
    .describe(
      "Gives the new tag (set by hand) everyone who moved from the RFM segment `from` at the start of this month (in the workspace's zone) to `to` today, " +
        'as the segments page\'s movement table counts them ("none": no segment). The people are tagged once, with history; later moves do not change the tag.',
    ),
}).strict();

export const ZTagUpdateSchema = z.object({
  name: ZTagNameSchema.optional(),
  description: ZDescription.optional(),
  rule: ZRuleTree.optional().describe("A rule tag's new tree: everyone is looked at again and the changes recorded."),
  enabled: z.boolean("true or false.").optional().describe("Switches a rule tag's rule on or off (off empties the tag)."),
}).strict();

const ZCustomerIds = z.array(z.string("A customer id.").max(200, "At most 200 characters."), "A list of customer ids.").max(MAX_BULK_PEOPLE, `At most ${MAX_BULK_PEOPLE} people at once.`);

export const ZMembersChangeSchema = z.object({
  add: ZCustomerIds.optional().describe("Customer ids (as the customers API gives them) to tag."),
  remove: ZCustomerIds.optional().describe("Customer ids to untag."),
  partial: z.boolean("true or false.").optional().describe("Apply the known people even when some ids are unknown."),
}).strict();

export const ZPreviewSchema = z.object({ rule: ZRuleTree }).strict();

export const ZTagSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(["manual", "rule"]),
  description: z.string().nullable(),
  size: z.number().int().describe("People who have the tag now."),
  created_at: z.string().describe("ISO 8601."),
  rule: z.object({
    definition: z.unknown(),
    enabled: z.boolean(),
    builtin: z.enum(BUILTINS).nullable(),
    last_run_at: z.string().nullable(),
  }).nullable(),
});
export type TTag = z.infer<typeof ZTagSchema>;

export const ZTagListSchema = z.object({ tags: z.array(ZTagSchema) });

export const ZTagMemberSchema = z.object({
  customer_id: z.string().describe("The customer's id in the customers API."),
  since: z.string().describe("ISO 8601: when they gained the tag."),
  source: z.enum(["manual", "rule"]),
});
export const ZTagMembersSchema = z.object({ members: z.array(ZTagMemberSchema), next_cursor: z.string().nullable() });

export const ZMatchReportSchema = z.object({
  applied: z.boolean().describe("Whether anything was changed: all matched, or partial was asked."),
  rows_total: z.number().int(),
  matched: z.number().int(),
  unmatched: z.array(z.object({ line: z.number().int().nullable(), value: z.string().describe("An email is shown masked."), reason: z.string() })),
  added: z.number().int(),
  removed: z.number().int(),
});
export type TMatchReport = z.infer<typeof ZMatchReportSchema>;

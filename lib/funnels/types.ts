import { z } from "zod";
import { ZHistoryNoteSchema } from "@/lib/billing/history";
import { BREAKDOWNS, COUNT_BY, FILTER_OPERATORS } from "./definition";

// The funnel report's answer, stated once: the engine builds it, the OpenAPI document shows it.

export const SUMMARY_STATES = ["ready", "building", "before_kept_days"] as const;

const ratio = (what: string) => z.string().nullable().describe(`${what}, a fraction with exactly 4 places; null when the denominator is 0.`);

export const ZFunnelStepResultSchema = z.object({
  count: z.number().int().describe("Units (visitors or sessions) that reached this step."),
  conversion: ratio("count / the units that entered (step 1)"),
  step_conversion: ratio("count / the previous step's count"),
  drop_off: z.number().int().describe("The previous step's count minus this one's (0 for step 1)."),
  drop_off_rate: ratio("drop_off / the previous step's count"),
  median_seconds_from_previous: z.number().int().nullable().describe("Median whole seconds from the previous step; null for step 1 and when nobody reached it."),
});

export const ZFunnelRowSchema = z.object({
  value: z.string().nullable().describe("The breakdown value; null for the total."),
  steps: z.array(ZFunnelStepResultSchema),
});

export const ZFunnelReportSchema = z.object({
  steps: z.array(
    z.object({
      event: z.string(),
      where: z.object({ property: z.string(), operator: z.enum(FILTER_OPERATORS), value: z.string() }).nullable(),
      label: z.string(),
    }),
  ),
  window_days: z.number().int(),
  count_by: z.enum(COUNT_BY),
  breakdown: z.enum(BREAKDOWNS).nullable(),
  date_from: z.string().describe("First local day of the range (YYYY-MM-DD)."),
  date_to: z.string().describe("Last local day of the range."),
  time_zone: z.string(),
  include_bots: z.boolean(),
  bots_excluded: z.number().int().describe("Units that entered only through sessions flagged as bots, left out (0 with include_bots)."),
  has_events: z.boolean().describe("False while the workspace has never sent an event: the tracking snippet or web pixel is not installed."),
  total: ZFunnelRowSchema,
  breakdown_rows: z.array(ZFunnelRowSchema).describe("One row per breakdown value, the most entries first; empty without a breakdown."),
  breakdown_truncated: z.boolean().describe("More breakdown values exist than are listed."),
  history_note: ZHistoryNoteSchema,
  summary: z
    .object({
      state: z
        .enum(SUMMARY_STATES)
        .describe(
          "ready: read from the funnel's kept summary; building: still being written, so read from the events (slower); before_kept_days: the range starts before the first day retention left whole, so read from the events.",
        ),
      done: z.number().int().describe("Visitors written so far while building."),
      total: z.number().int().describe("Visitors to write in all."),
    })
    .nullable()
    .describe("The per-visitor summary kept for the default funnel and saved funnels without step filters; null for other funnels, which are read from the events."),
});

export type FunnelStepResult = z.infer<typeof ZFunnelStepResultSchema>;
export type FunnelRow = z.infer<typeof ZFunnelRowSchema>;
export type FunnelReport = z.infer<typeof ZFunnelReportSchema>;

import { BREAKDOWNS, COUNT_BY, DEFAULT_STEPS, DEFAULT_WINDOW_DAYS, MAX_STEPS, MAX_WINDOW_DAYS, MIN_STEPS, STANDARD_FUNNEL_EVENTS } from "@/lib/funnels/definition";
import { DEFAULT_RANGE_DAYS, FUNNEL_FORMATS, MAX_RANGE_DAYS } from "@/lib/funnels/request";
import type { QueryParameter } from "./report-parameters";

// The funnel report and saved funnels. Valid values come from the lists that validate them.
// Plain constants, checked against Operation where operations.ts lists them.

const WS = "/api/v1/workspaces/{slug}";

const query = (name: string, description: string, schema: QueryParameter["schema"], example?: string): QueryParameter => ({
  name, in: "query", required: false, description, schema, ...(example ? { example } : {}),
});

const FUNNEL_RULES =
  `Steps (${MIN_STEPS} to ${MAX_STEPS}) name tracked events: any event the workspace has sent, or a standard one (${STANDARD_FUNNEL_EVENTS.join(", ")}); a step may filter on ` +
  "`page_url`, `referrer` or a key of the event's properties (`contains`, case-insensitive, or `equals`). A unit enters with its first step-1 event in the range; " +
  "each later step counts with the earliest such event strictly after the previous step's, no later than the entry plus the window (so a later step done before an earlier one does not count). " +
  "`count_by=visitor` counts a person where the identity graph links the browser to one (across devices), else the browser's anonymous id; `session` counts visits. " +
  "Bots are left out unless include_bots; the answer says how many were.";

export const FUNNEL_PARAMETERS: QueryParameter[] = [
  query("steps", `The steps in order, comma-separated or repeated: \`event\`, \`event:property~value\` (contains) or \`event:property=value\` (equals). Default: ${DEFAULT_STEPS.join(", ")}.`,
    { type: "array", items: { type: "string" }, minItems: MIN_STEPS, maxItems: MAX_STEPS }, "page_view,product_viewed,checkout_completed"),
  query("window", `The conversion window in whole days from the first step (1 to ${MAX_WINDOW_DAYS}).`, { type: "integer", minimum: 1, maximum: MAX_WINDOW_DAYS, default: DEFAULT_WINDOW_DAYS }, "7"),
  query("count_by", "What is counted: visitors (persons where known) or sessions.", { type: "string", enum: [...COUNT_BY], default: "visitor" }),
  query("breakdown", "Split by the entry session's channel, device or landing page (without its query), or by first-touch campaign (the first UTM campaign the entering browser arrived with).",
    { type: "string", enum: [...BREAKDOWNS] }),
  query("date_from", `First local day (YYYY-MM-DD) in the workspace time zone whose step-1 events enter. Default: ${DEFAULT_RANGE_DAYS} days ending date_to; at most ${MAX_RANGE_DAYS} days.`,
    { type: "string", format: "date" }, "2026-11-01"),
  query("date_to", "Last local day (default today). Later steps are read up to the window past it.", { type: "string", format: "date" }, "2026-11-30"),
  query("include_bots", "`true` counts sessions flagged as bots too.", { type: "boolean", default: false }),
  query("funnel_id", "Run a saved funnel: its steps, window, count_by and breakdown (then leave those out).", { type: "string" }),
  query("format", "`json` (the default) or `csv`: one line per step of the total, then of each breakdown value.", { type: "string", enum: [...FUNNEL_FORMATS], default: "json" }),
];

export const FUNNEL_OPERATIONS = [
  {
    method: "get", path: `${WS}/reports/funnels`, tag: "Reports", operationId: "getFunnelReport", role: "viewer",
    summary: "Get a funnel report",
    description: `Conversion and drop-off per step and the median time between steps, in total and per breakdown value. ${FUNNEL_RULES} ` +
      "An unknown event, fewer or more steps, a window out of range or an unknown breakdown is a 400 naming the parameter (`steps.2` for one step).",
    query: FUNNEL_PARAMETERS,
    success: { status: 200, description: "The funnel.", schema: "FunnelReport", csv: "A header row (segment, step, event, label, count, conversion, step_conversion, drop_off, drop_off_rate, median_seconds_from_previous), one line per step of `total`, then of each breakdown value." },
  },
  {
    method: "get", path: `${WS}/funnels`, tag: "Funnels", operationId: "listFunnels", role: "viewer",
    summary: "List saved funnels", description: "The workspace's saved funnels, oldest first.",
    success: { status: 200, description: "The funnels.", schema: "FunnelList" },
  },
  {
    method: "post", path: `${WS}/funnels`, tag: "Funnels", operationId: "createFunnel", role: "member",
    summary: "Save a funnel", description: `A name and a funnel definition. ${FUNNEL_RULES}`,
    body: { schema: "FunnelInput" },
    success: { status: 201, description: "The saved funnel.", schema: "Funnel" },
  },
  {
    method: "get", path: `${WS}/funnels/{id}`, tag: "Funnels", operationId: "getFunnel", role: "viewer",
    summary: "Get a saved funnel", description: "One funnel; run it with `reports/funnels?funnel_id=`.",
    success: { status: 200, description: "The funnel.", schema: "Funnel" },
  },
  {
    method: "patch", path: `${WS}/funnels/{id}`, tag: "Funnels", operationId: "updateFunnel", role: "member",
    summary: "Change a saved funnel", description: "Changes the fields sent (steps are replaced whole); the result is validated as a whole funnel.",
    body: { schema: "FunnelUpdate" },
    success: { status: 200, description: "The funnel.", schema: "Funnel" },
  },
  {
    method: "delete", path: `${WS}/funnels/{id}`, tag: "Funnels", operationId: "deleteFunnel", role: "member",
    summary: "Delete a saved funnel", description: "Dashboard widgets showing it say it is gone.",
    success: { status: 204, description: "Deleted." },
  },
] as const;

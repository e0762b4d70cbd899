import type { Breakdown, CountBy, TFunnelDefinition, TFunnelStep } from "./definition";
import { EVENT_COLUMNS } from "./definition";

// The funnel as one SQL statement over tracked_events. Each step reads only its own event's rows
// (the (workspace_id, event, occurred_at) index) inside the range, or the range plus the window
// for later steps, so the planner prunes every other month's partition.
//
// Per counted unit: the entry is the unit's first step-1 event in the range; step k is the
// earliest step-k event strictly after step k-1's and no later than the entry plus the window.
// Taking the earliest at every step reaches as deep as any choice of later events could.

export type FunnelSqlOptions = { includeBots: boolean };

/** The unit an event counts for: a person where the identity graph resolved one, else its browser; or its session. */
export function unitOf(countBy: CountBy): { expression: string; join: string; condition: string } {
  if (countBy === "session") return { expression: "e.session_id", join: "", condition: "AND e.session_id IS NOT NULL" };
  return {
    // Prefixed so a person key can never equal an anonymous id.
    expression: "COALESCE('p:' || v.person_key, 'a:' || e.anonymous_id)",
    join: "LEFT JOIN persons v ON v.anonymous_id = e.anonymous_id",
    condition: "",
  };
}

function columnOf(property: string, bind: (value: unknown) => string): string {
  if ((EVENT_COLUMNS as readonly string[]).includes(property)) return `e.${property}`;
  return `(e.properties ->> ${bind(property)})`;
}

function stepCondition(step: TFunnelStep, bind: (value: unknown) => string): string {
  const event = `e.event = ${bind(step.event)}`;
  if (!step.where) return event;
  const column = columnOf(step.where.property, bind);
  const value = bind(step.where.value);
  const test = step.where.operator === "equals" ? `${column} = ${value}` : `strpos(lower(${column}), lower(${value})) > 0`;
  return `${event} AND ${test}`;
}

export function dimensionOf(breakdown: Breakdown | null): { expression: string; join: string } {
  const session = "LEFT JOIN tracked_sessions ts ON ts.workspace_id = $1 AND ts.id = f.session_id";
  switch (breakdown) {
    case null:
      return { expression: "NULL::text", join: "" };
    case "channel":
      return { expression: "COALESCE(ts.channel, '(unknown)')", join: session };
    case "device":
      return { expression: "COALESCE(ts.device, '(unknown)')", join: session };
    case "landing_page":
      // Without its query and fragment, so campaign parameters do not split one page into many.
      return { expression: "COALESCE(NULLIF(split_part(split_part(ts.landing_page, '#', 1), '?', 1), ''), '(none)')", join: session };
    case "campaign":
      // First touch: the first campaign the entering browser ever arrived with.
      return {
        expression: `COALESCE((SELECT s.utm_campaign FROM tracked_sessions s WHERE s.workspace_id = $1 AND s.anonymous_id = f.anonymous_id
          AND s.utm_campaign IS NOT NULL ORDER BY s.started_at LIMIT 1), '(none)')`,
        join: "",
      };
  }
}

export type FunnelSqlRow = {
  value: string | null;
  total: boolean;
  /** Units reaching each step, c1..cN. */
  [count: `c${number}`]: number;
  /** Median seconds from step k-1 to step k, m2..mN. */
  [median: `m${number}`]: number | null;
  bots: number;
};

/** $1 workspace, $2 range start, $3 range end (exclusive; UTC wall time), $4 window in days, then each step's values. */
export function funnelStatement(
  workspaceId: string,
  definition: TFunnelDefinition,
  range: { from: string; to: string },
  options: FunnelSqlOptions,
): { text: string; values: unknown[] } {
  const values: unknown[] = [workspaceId, range.from, range.to, definition.window_days];
  const bind = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const unit = unitOf(definition.count_by);
  const window = "make_interval(days => $4)";
  const human = options.includeBots ? "" : "AND e.is_bot IS NOT TRUE";
  const stepRows = (step: TFunnelStep, upper: string, extra: string, bots: string) => `
    SELECT ${unit.expression} AS unit, e.occurred_at AS t${extra} FROM tracked_events e ${unit.join}
    WHERE e.workspace_id = $1 AND ${stepCondition(step, bind)} ${unit.condition} ${bots}
      AND e.occurred_at >= $2::timestamp AND e.occurred_at < ${upper}`;

  const [first, ...rest] = definition.steps;
  const bot = options.includeBots ? "false" : "e.is_bot IS TRUE";
  const ctes = [
    // Only browsers the identity graph resolved: a small table every step's events are matched against.
    ...(definition.count_by === "visitor"
      ? ["persons AS MATERIALIZED (SELECT anonymous_id, person_key FROM visitors WHERE workspace_id = $1 AND person_key IS NOT NULL)"]
      : []),
    `first_step AS MATERIALIZED (${stepRows(first!, "$3::timestamp", `, ${bot} AS bot, e.session_id, e.anonymous_id`, "")})`,
    // Without a breakdown only the entry time matters: a hash aggregate, not a sort of every step-1 event.
    definition.breakdown
      ? "entries AS (SELECT DISTINCT ON (unit) unit, t AS t1, session_id, anonymous_id FROM first_step WHERE NOT bot ORDER BY unit, t)"
      : "entries AS (SELECT unit, min(t) AS t1 FROM first_step WHERE NOT bot GROUP BY unit)",
  ];
  rest.forEach((step, i) => {
    const k = i + 2;
    const previous = k === 2 ? "(SELECT unit, t1, t1 AS t FROM entries)" : `s${k - 1}`;
    ctes.push(`s${k} AS (
      SELECT p.unit, p.t1, min(e.t) AS t FROM ${previous} p
      JOIN (${stepRows(step, `$3::timestamp + ${window}`, "", human)}) e ON e.unit = p.unit AND e.t > p.t AND e.t <= p.t1 + ${window}
      GROUP BY p.unit, p.t1)`);
  });
  const dimension = dimensionOf(definition.breakdown);
  const times = rest.map((_, i) => `s${i + 2}.t AS t${i + 2}`);
  const joins = rest.map((_, i) => `LEFT JOIN s${i + 2} ON s${i + 2}.unit = f.unit`);
  ctes.push(`reached AS (
    SELECT ${dimension.expression} AS dim, f.t1${times.map((t) => `, ${t}`).join("")}
    FROM entries f ${joins.join(" ")} ${dimension.join})`);

  const counts = definition.steps.map((_, i) => `count(t${i + 1})::int AS c${i + 1}`);
  const medians = rest.map((_, i) => `percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t${i + 2} - t${i + 1}))::float8 AS m${i + 2}`);
  const text = `WITH ${ctes.join(",\n")}
SELECT CASE WHEN grouping(dim) = 1 THEN NULL ELSE dim END AS value, grouping(dim) = 1 AS total,
  ${[...counts, ...medians].join(", ")},
  (SELECT count(*) FROM (SELECT unit FROM first_step GROUP BY unit HAVING bool_and(bot)) b)::int AS bots
FROM reached GROUP BY GROUPING SETS ((), (dim))`;
  return { text, values };
}

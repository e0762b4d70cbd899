import type { TFunnelDefinition, TFunnelStep } from "./definition";
import { dimensionOf, unitOf, type FunnelSqlOptions } from "./sql";

// The funnel of sql.ts read from funnel_event_times (summary.ts) instead of tracked_events: a row
// per visitor, session, event name and bot flag holding its sorted times. Same units, same
// matching, same answer rows; sql.ts stays the reference and serves steps with a filter, which
// these rows cannot answer (they hold no properties).
//
// Each step's units carry the previous step's time and the breakdown value, so the counts and
// medians come from the steps' own rows in one aggregate, with no join back to the entries.

// The row's earliest time matching a condition, its times fetched by key: the step reads only
// the index, and a row needs its times only when it began before the time sought.
const earliest = (condition: string) => `(SELECT min(x) FROM funnel_event_times r, unnest(r.times) x
    WHERE r.workspace_id = $1 AND r.anonymous_id = e.anonymous_id AND r.event = e.event AND r.session_id = e.session_id AND r.is_bot = e.is_bot AND ${condition})`;

/** The columns a later step's rows give laterStep, beside their unit. */
export const STEP_COLUMNS = "e.first_at, e.last_at, e.anonymous_id, e.event, e.session_id, e.is_bot";

/**
 * Step k's units, from the previous step's (unit, t1 the entry, dim, t) and the step's times rows
 * (unit and STEP_COLUMNS; $1 the workspace): the earliest time after the previous step's, the
 * row's first when later, else found among its times, and no later than the entry plus the window.
 */
export const laterStep = (previous: string, rows: string, window: string): string => `
      SELECT unit, t1, dim, tp, min(t) AS t FROM (
        SELECT p.unit, p.t1, p.dim, p.t AS tp, CASE WHEN e.first_at > p.t THEN e.first_at ELSE ${earliest("x > p.t")} END AS t
        FROM ${previous} p JOIN (${rows}) e ON e.unit = p.unit AND e.last_at > p.t AND e.first_at <= p.t1 + ${window}) m
      WHERE t <= t1 + ${window}
      GROUP BY unit, t1, dim, tp`;

/** The times rows hold no properties: a funnel with a step filter reads the events. */
export const readsTimes = (definition: TFunnelDefinition): boolean => definition.steps.every((step) => !step.where);

/** $1 workspace, $2 range start, $3 range end (exclusive; UTC wall time), $4 window in days, then each step's event. */
export function funnelTimesStatement(
  workspaceId: string,
  definition: TFunnelDefinition,
  range: { from: string; to: string },
  options: FunnelSqlOptions,
): { text: string; values: unknown[] } {
  if (!readsTimes(definition)) throw new Error("Steps with a filter are read from the events.");
  const values: unknown[] = [workspaceId, range.from, range.to, definition.window_days];
  const bind = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  // Events not yet in a session are kept under ''.
  const unit = definition.count_by === "session" ? { expression: "e.session_id", join: "", condition: "AND e.session_id <> ''" } : unitOf("visitor");
  const window = "make_interval(days => $4)";
  const human = options.includeBots ? "" : "AND e.is_bot IS NOT TRUE";
  const bot = options.includeBots ? "false" : "e.is_bot";
  const rowsOf = (step: TFunnelStep, upper: string, bots: string, columns: string) => `
    SELECT ${unit.expression} AS unit, ${columns} FROM funnel_event_times e ${unit.join}
    WHERE e.workspace_id = $1 AND e.event = ${bind(step.event)} ${unit.condition} ${bots}
      AND e.last_at >= $2::timestamp AND e.first_at < ${upper}`;

  const [first, ...rest] = definition.steps;
  // A row's earliest time in the range: its first, unless the row began before the range.
  const entryTime = `CASE WHEN e.first_at >= $2::timestamp THEN e.first_at ELSE ${earliest("x >= $2::timestamp AND x < $3::timestamp")} END`;
  const firstStep = `SELECT * FROM (${rowsOf(first!, "$3::timestamp", "", `${entryTime} AS t, ${bot} AS bot, e.session_id, e.anonymous_id`)}) r WHERE t IS NOT NULL`;
  const ctes = definition.count_by === "visitor" ? ["persons AS MATERIALIZED (SELECT anonymous_id, person_key FROM visitors WHERE workspace_id = $1 AND person_key IS NOT NULL)"] : [];
  let bots: string;
  if (definition.breakdown) {
    const dimension = dimensionOf(definition.breakdown);
    ctes.push(
      `first_step AS MATERIALIZED (${firstStep})`,
      "first_entries AS (SELECT DISTINCT ON (unit) unit, t AS t1, session_id, anonymous_id FROM first_step WHERE NOT bot ORDER BY unit, t)",
      `entries AS (SELECT f.unit, f.t1, ${dimension.expression} AS dim FROM first_entries f ${dimension.join})`,
    );
    bots = "(SELECT count(*) FROM (SELECT unit FROM first_step GROUP BY unit HAVING bool_and(bot)) b)";
  } else {
    // One pass over the entry rows gives both the entries and the units that came only as bots.
    ctes.push(
      `units AS (SELECT unit, min(t) FILTER (WHERE NOT bot) AS t1, bool_and(bot) AS bot FROM (${firstStep}) f GROUP BY unit)`,
      "entries AS (SELECT unit, t1, NULL::text AS dim FROM units WHERE t1 IS NOT NULL)",
    );
    bots = "(SELECT count(*) FROM units WHERE bot)";
  }
  rest.forEach((step, i) => {
    const k = i + 2;
    const previous = k === 2 ? "(SELECT unit, t1, dim, t1 AS t FROM entries)" : `s${k - 1}`;
    ctes.push(`s${k} AS (${laterStep(previous, rowsOf(step, `$3::timestamp + ${window}`, human, STEP_COLUMNS), window)})`);
  });
  ctes.push(`reached AS (
    SELECT 1 AS k, dim, NULL::numeric AS seconds FROM entries
    ${rest.map((_, i) => `UNION ALL SELECT ${i + 2}, dim, extract(epoch FROM t - tp) FROM s${i + 2}`).join("\n    ")})`);

  const counts = definition.steps.map((_, i) => `(count(*) FILTER (WHERE k = ${i + 1}))::int AS c${i + 1}`);
  const medians = rest.map((_, i) => `(percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) FILTER (WHERE k = ${i + 2}))::float8 AS m${i + 2}`);
  const text = `WITH ${ctes.join(",\n")}
SELECT CASE WHEN grouping(dim) = 1 THEN NULL ELSE dim END AS value, grouping(dim) = 1 AS total,
  ${[...counts, ...medians].join(", ")}, ${bots}::int AS bots
FROM reached GROUP BY GROUPING SETS ((), (dim))`;
  return { text, values };
}

import type { TFunnelDefinition } from "./definition";
import { dimensionOf, unitOf } from "./sql";
import { laterStep, STEP_COLUMNS } from "./times-sql";

// The funnel of times-sql.ts split by the day a unit enters, written ahead (funnel_progress) and
// read back per range. The report's entry is the unit's first human step-1 event in the range;
// a range starts at a local midnight, so that is the first such event of the first local day in
// the range on which the unit had one. Everything after the entry (the later steps, their times,
// the breakdown value) depends on the entry alone: later steps may fall past the range's end,
// up to the entry plus the window. So per unit and day the rows hold what an entry on that day
// gives, and the previous and next days that matter, which tell a report which row is a unit's
// entry without sorting or hashing the units:
//   entry of the range [d1, d2]: reached > 0, d1 <= day <= d2, prev_entry_day < d1 (or none);
//   a unit that came only as a bot: d1 <= day <= d2, prev_day < d1 (or none), next_entry_day > d2 (or none).

/**
 * Inserts the progress rows of the given browsers' units. $1 workspace, $2 build id, $3 time zone,
 * $4 window in days, $5 the browsers (every browser of each unit written), then each step's event.
 */
export function progressInsertStatement(workspaceId: string, buildId: number, timeZone: string, definition: TFunnelDefinition, anonymousIds: readonly string[]) {
  const values: unknown[] = [workspaceId, buildId, timeZone, definition.window_days, anonymousIds];
  const bind = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const unit = unitOf("visitor");
  const window = "make_interval(days => $4)";
  const rowsOf = (event: string, bots: string, columns: string) => `
    SELECT ${unit.expression} AS unit, ${columns} FROM funnel_event_times e ${unit.join}
    WHERE e.workspace_id = $1 AND e.anonymous_id = ANY($5::text[]) AND e.event = ${bind(event)} ${bots}`;
  const [first, ...rest] = definition.steps;
  const ctes = [
    "persons AS MATERIALIZED (SELECT anonymous_id, person_key FROM visitors WHERE workspace_id = $1 AND anonymous_id = ANY($5::text[]) AND person_key IS NOT NULL)",
    `first_times AS MATERIALIZED (
      SELECT unit, x AS t, ((x AT TIME ZONE 'UTC') AT TIME ZONE $3)::date AS day, e.is_bot AS bot, e.session_id, e.anonymous_id
      FROM (${rowsOf(first!.event, "", "e.times, e.is_bot, e.session_id, e.anonymous_id")}) e, unnest(e.times) x)`,
    // t1 is null on a day only bots came.
    "days AS (SELECT unit, day, min(t) FILTER (WHERE NOT bot) AS t1 FROM first_times GROUP BY unit, day)",
  ];
  if (definition.breakdown) {
    const dimension = dimensionOf(definition.breakdown);
    ctes.push(
      "first_entries AS (SELECT DISTINCT ON (unit, day) unit, t AS t1, session_id, anonymous_id FROM first_times WHERE NOT bot ORDER BY unit, day, t)",
      `entries AS (SELECT f.unit, f.t1, ${dimension.expression} AS dim FROM first_entries f ${dimension.join})`,
    );
  } else {
    ctes.push("entries AS (SELECT unit, t1, NULL::text AS dim FROM days WHERE t1 IS NOT NULL)");
  }
  rest.forEach((step, i) => {
    const k = i + 2;
    const previous = k === 2 ? "(SELECT unit, t1, dim, t1 AS t FROM entries)" : `s${k - 1}`;
    ctes.push(`s${k} AS (${laterStep(previous, rowsOf(step.event, "AND NOT e.is_bot", STEP_COLUMNS), window)})`);
  });
  const later = rest.map((_, i) => `s${i + 2}`);
  const reached = `1${later.map((s) => ` + (${s}.t IS NOT NULL)::int`).join("")}`;
  const seconds = `ARRAY[${later.map((s) => `extract(epoch FROM ${s}.t - ${s}.tp)::float8`).join(", ")}]`;
  const text = `WITH ${ctes.join(",\n")}
INSERT INTO funnel_progress (workspace_id, build_id, unit, day, prev_day, prev_entry_day, next_entry_day, reached, seconds, dim)
SELECT $1, $2::int, d.unit, d.day,
  lag(d.day) OVER w,
  max(d.day) FILTER (WHERE d.t1 IS NOT NULL) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
  min(d.day) FILTER (WHERE d.t1 IS NOT NULL) OVER (w ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING),
  CASE WHEN d.t1 IS NULL THEN 0 ELSE ${reached} END,
  CASE WHEN ${later[0]}.t IS NOT NULL THEN ${seconds} END,
  f.dim
FROM days d LEFT JOIN entries f ON f.unit = d.unit AND f.t1 = d.t1
  ${later.map((s) => `LEFT JOIN ${s} ON ${s}.unit = d.unit AND ${s}.t1 = d.t1`).join("\n  ")}
WINDOW w AS (PARTITION BY d.unit ORDER BY d.day)
ORDER BY d.day`;
  return { text, values };
}

/** The funnel's answer rows (as sql.ts gives them) from a build's rows. $1 workspace, $2 build id, $3 first day, $4 last day. */
export function progressReportStatement(workspaceId: string, buildId: number, definition: Pick<TFunnelDefinition, "steps" | "breakdown">, days: { from: string; to: string }) {
  const stepCount = definition.steps.length;
  const entry = "reached > 0 AND (prev_entry_day IS NULL OR prev_entry_day < $3::date)";
  const counts = Array.from({ length: stepCount }, (_, i) => `(count(*) FILTER (WHERE ${entry} AND reached >= ${i + 1}))::int AS c${i + 1}`);
  const medians = Array.from(
    { length: stepCount - 1 },
    (_, i) => `(percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds[${i + 1}]) FILTER (WHERE ${entry}))::float8 AS m${i + 2}`,
  );
  const bots = "(count(*) FILTER (WHERE reached = 0 AND (prev_day IS NULL OR prev_day < $3::date) AND (next_entry_day IS NULL OR next_entry_day > $4::date)))::int";
  const rows = "FROM funnel_progress WHERE workspace_id = $1 AND build_id = $2 AND day >= $3::date AND day <= $4::date";
  const values = [workspaceId, buildId, days.from, days.to];
  const columns = [...counts, ...medians].join(", ");
  if (!definition.breakdown) {
    // Without a breakdown the one group (a null value) is the total again: aggregated once, given twice.
    const names = [...counts.map((_, i) => `a.c${i + 1}`), ...medians.map((_, i) => `a.m${i + 2}`)];
    const text = `
WITH a AS (SELECT ${columns}, ${bots} AS bots ${rows})
SELECT NULL::text AS value, t.total, ${names.join(", ")}, a.bots FROM a, (VALUES (true), (false)) AS t(total)
WHERE t.total OR a.c1 > 0`;
    return { text, values };
  }
  // Bots are counted once, on the total row, and given to every row as the events statement does.
  const text = `
SELECT CASE WHEN grouping(dim) = 1 THEN NULL ELSE dim END AS value, grouping(dim) = 1 AS total, ${columns},
  max(CASE WHEN grouping(dim) = 1 THEN ${bots} END) OVER () AS bots
${rows}
GROUP BY GROUPING SETS ((), (dim))
HAVING grouping(dim) = 1 OR count(*) FILTER (WHERE ${entry}) > 0`;
  return { text, values };
}

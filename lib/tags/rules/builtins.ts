import { personsFrom, type TCompiledRule } from "./compile";

// The built-in rules every workspace has (switched on until someone switches one off), defined in
// PRODUCT.md ("Customer tags"). Each is its own set-based SELECT over the same parameters as a
// compiled rule ($1 workspace, $2 persons or null, $3 today in the workspace's zone).

export const BUILTINS = ["win_back", "p_active_below_half", "new_this_week"] as const;
export type TBuiltin = (typeof BUILTINS)[number];

export const isBuiltin = (value: unknown): value is TBuiltin => (BUILTINS as readonly unknown[]).includes(value);

/** Local days without any activity (events, sessions, clicks or orders) before a highly active person is due a win-back message. */
export const WIN_BACK_SILENT_DAYS = 14;
/** "Was highly active": their activity level was high on some day of this many local days before the silence began. */
export const WIN_BACK_ACTIVE_DAYS = 28;
export const NEW_DAYS = 7;

export const BUILTIN_TAGS: Record<TBuiltin, { name: string; description: string }> = {
  win_back: {
    name: "Win back",
    description: `Activity level high within ${WIN_BACK_ACTIVE_DAYS} days before going silent, then no activity for ${WIN_BACK_SILENT_DAYS} days or more.`,
  },
  p_active_below_half: { name: "Slipping away", description: "Predicted P(active) fell below 0.5." },
  new_this_week: { name: "New this week", description: `First order in the last ${NEW_DAYS} local days.` },
};

// Win-back reads the activity levels (lib/activity): the silence starts at the local day of the
// person's last activity (L); they were highly active when their level was high on some day of
// the WIN_BACK_ACTIVE_DAYS ending at L. Levels are kept as history rows written on the days they
// changed, so the level on a day is that of the latest row at or before it: high somewhere in the
// window means a high row inside it, or a high row in effect at its start.
const LAST_ACTIVE_DAY = "((pa.last_event_at AT TIME ZONE 'UTC') AT TIME ZONE (SELECT w.time_zone FROM workspaces w WHERE w.id = $1))::date";
const WIN_BACK_SQL = `SELECT cp.customer_key AS person_key FROM ${personsFrom(true)}
    AND pa.last_event_at IS NOT NULL
    AND ${LAST_ACTIVE_DAY} <= $3::date - ${WIN_BACK_SILENT_DAYS}
    AND (
      EXISTS (SELECT 1 FROM person_activity_history h
              WHERE h.workspace_id = $1 AND h.person_key = cp.customer_key AND h.level = 'high'
                AND h.day > ${LAST_ACTIVE_DAY} - ${WIN_BACK_ACTIVE_DAYS} AND h.day <= ${LAST_ACTIVE_DAY})
      OR (SELECT h.level FROM person_activity_history h
          WHERE h.workspace_id = $1 AND h.person_key = cp.customer_key AND h.day <= ${LAST_ACTIVE_DAY} - ${WIN_BACK_ACTIVE_DAYS}
          ORDER BY h.day DESC LIMIT 1) = 'high'
    )`;

const SELECTS: Record<TBuiltin, string> = {
  win_back: WIN_BACK_SQL,
  p_active_below_half: `SELECT cp.customer_key AS person_key FROM ${personsFrom(false)} AND cp.p_active < 0.5`,
  new_this_week: `SELECT cp.customer_key AS person_key FROM ${personsFrom(false)} AND cp.first_day > $3::date - ${NEW_DAYS} AND cp.first_day <= $3::date`,
};

export const compileBuiltin = (builtin: TBuiltin): TCompiledRule => ({ select: SELECTS[builtin], params: [] });

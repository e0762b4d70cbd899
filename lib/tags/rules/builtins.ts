import { personsFrom, type TCompiledRule } from "./compile";

// The built-in rules every workspace has (switched on until someone switches one off), defined in
// PRODUCT.md ("Customer tags"). Each is its own set-based SELECT over the same parameters as a
// compiled rule ($1 workspace, $2 persons or null, $3 today in the workspace's zone).

export const BUILTINS = ["win_back", "p_active_below_half", "new_this_week"] as const;
export type TBuiltin = (typeof BUILTINS)[number];

export const isBuiltin = (value: unknown): value is TBuiltin => (BUILTINS as readonly unknown[]).includes(value);

/** Days without an order before a highly active customer is due a win-back message. */
export const WIN_BACK_SILENT_DAYS = 14;
/** "Highly active": this many orders within WIN_BACK_ACTIVE_DAYS before their last one (itself included). */
export const WIN_BACK_ORDERS = 3;
export const WIN_BACK_ACTIVE_DAYS = 60;
export const NEW_DAYS = 7;

export const BUILTIN_TAGS: Record<TBuiltin, { name: string; description: string }> = {
  win_back: {
    name: "Win back",
    description: `Was highly active (${WIN_BACK_ORDERS}+ orders within ${WIN_BACK_ACTIVE_DAYS} days), then silent for ${WIN_BACK_SILENT_DAYS} days or more.`,
  },
  p_active_below_half: { name: "Slipping away", description: "Predicted P(active) fell below 0.5." },
  new_this_week: { name: "New this week", description: `First order in the last ${NEW_DAYS} local days.` },
};

const SELECTS: Record<TBuiltin, string> = {
  win_back: `SELECT cp.customer_key AS person_key FROM ${personsFrom(false)}
    AND cp.last_day <= $3::date - ${WIN_BACK_SILENT_DAYS}
    AND cp.orders >= ${WIN_BACK_ORDERS}
    AND (SELECT count(*) FROM customer_events ce
         WHERE ce.workspace_id = $1 AND ce.customer_key = cp.customer_key AND ce.is_order
           AND ce.day > cp.last_day - ${WIN_BACK_ACTIVE_DAYS}) >= ${WIN_BACK_ORDERS}`,
  p_active_below_half: `SELECT cp.customer_key AS person_key FROM ${personsFrom(false)} AND cp.p_active < 0.5`,
  new_this_week: `SELECT cp.customer_key AS person_key FROM ${personsFrom(false)} AND cp.first_day > $3::date - ${NEW_DAYS} AND cp.first_day <= $3::date`,
};

export const compileBuiltin = (builtin: TBuiltin): TCompiledRule => ({ select: SELECTS[builtin], params: [] });

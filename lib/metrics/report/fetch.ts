import { getPool } from "@/lib/db/pool";
import { add, convert, parseDecimal, ZERO, type Dec } from "../definitions/decimal";
import { loadConverter, type Converter } from "./conversion";
import { memo, memoSync, type ReportOptions } from "./options";
import type { Pass, Plan } from "./plan";
import { columnsOf, sourceQuery, specKey, type SourceSpec } from "./sql";
import type { SourceSums, SumsBySpec } from "./sums";
import { taggedSourceQuery } from "./tagged";

// Running a plan's statements and turning their rows into sums in the workspace currency. Amounts
// in other currencies arrive per day, so each day's sums convert at that day's rate.

type RawRow = { key: string; currency: string | null; fx_day: string | null } & Record<string, string | null>;

/** A source's rows for one statement; `key` names the statement (its SQL and parameters). */
export type Fetched = { spec: SourceSpec; key: string; rows: RawRow[] };

export async function fetchPass(plan: Plan, pass: Pass, options: ReportOptions): Promise<Fetched[]> {
  const { workspace, request } = plan;
  return Promise.all(
    pass.specs.map(async (spec) => {
      const query = request.tag
        ? taggedSourceQuery(spec, { workspaceId: workspace.id, fromDay: pass.fromDay, toDay: pass.toDay, groupBy: pass.groupBy, tag: request.tag })
        : sourceQuery(spec, {
        workspaceId: workspace.id,
        fromDay: pass.fromDay,
        toDay: pass.toDay,
        currency: workspace.currency,
        groupBy: pass.groupBy,
        thenBy: pass.thenBy,
        filters: request.filters,
        split: pass.split,
        today: plan.today,
      });
      const run = async () => (await (options.queryable ?? getPool()).query<RawRow>(query.sql, query.params)).rows;
      // A pass cut at an instant reads other rollups under the same statement.
      const key = `${pass.until?.toISOString() ?? ""}\u0000${query.sql}\u0000${JSON.stringify(query.params)}`;
      return { spec, key, rows: await memo(options, key, run) };
    }),
  );
}

/** The foreign currencies in the rows, and the days they were on (sorted), to load rates for. */
function foreign(passes: Fetched[][]): { currencies: string[]; days: string[] } {
  const currencies = new Set<string>();
  const days: string[] = [];
  for (const fetched of passes.flat()) {
    for (const row of fetched.rows) {
      if (row.fx_day !== null && row.currency !== null) {
        currencies.add(row.currency);
        days.push(row.fx_day);
      }
    }
  }
  days.sort();
  return { currencies: [...currencies], days };
}

function aggregate(fetched: Fetched, converter: Converter): SourceSums {
  const columns = columnsOf(fetched.spec);
  const sums: SourceSums = new Map();
  for (const row of fetched.rows) {
    let partial = sums.get(row.key);
    if (!partial) {
      partial = Object.fromEntries(columns.map((c) => [c.field, c.kind === "count" ? 0 : ZERO]));
      sums.set(row.key, partial);
    }
    for (const c of columns) {
      const text = row[c.field] ?? "0";
      if (c.kind === "count") {
        partial[c.field] = (partial[c.field] as number) + Number(text);
      } else {
        let value = parseDecimal(text);
        if (c.kind === "money" && row.fx_day !== null && row.currency !== null) value = convert(value, converter(row.currency, row.fx_day));
        partial[c.field] = add(partial[c.field] as Dec, value);
      }
    }
  }
  return sums;
}

/**
 * Sums in the workspace currency for any of the passes given, and the foreign currencies they
 * convert. The rates every pass needs load at once.
 */
export async function converting(
  plan: Plan,
  passes: (Fetched[] | null)[],
  options: ReportOptions,
): Promise<{ sumsOf: (fetched: Fetched[] | null) => SumsBySpec | null; currencies: string[] }> {
  const { workspace, request } = plan;
  const fx = foreign(passes.filter((x) => x !== null));
  const [fxFrom, fxTo] = [fx.days[0] ?? request.date_from, fx.days.at(-1) ?? request.date_to];
  const converter = await memo(options, `fx:${workspace.currency}:${fx.currencies.join(",")}:${fxFrom}:${fxTo}`, () =>
    loadConverter(workspace.currency, fx.currencies, fxFrom, fxTo),
  );
  // Converting and summing a statement's rows is the costly part in JS: once per screen too.
  const sumsOf = (fetched: Fetched[] | null) =>
    fetched ? new Map(fetched.map((f) => [specKey(f.spec), memoSync(options, `sums:${f.key}`, () => aggregate(f, converter))])) : null;
  return { sumsOf, currencies: fx.currencies };
}

import type { Plan } from "./plan";
import type { SumsBySpec } from "./sums";

// Notes on figures a reader could take for more than they are.

export function warningsFor(plan: Plan, totals: SumsBySpec, currencies: string[]): string[] {
  const warnings: string[] = [];
  const costMetrics = plan.metrics.filter((m) => ["cogs", "gross_profit", "contribution_margin"].includes(m.id));
  const missing = totals.get("sales")?.get("")?.units_without_cost;
  if (costMetrics.length > 0 && typeof missing === "number" && missing > 0) {
    warnings.push(`${missing} units sold have no known unit cost; cost of goods sold leaves them out. Add unit costs in the metric settings.`);
  }
  const untimed = plan.compareUntil ? plan.metrics.filter((m) => m.sources.some((s) => s === "ads" || s === "traffic" || s === "visitors")) : [];
  if (plan.compareUntil && untimed.length > 0) {
    warnings.push(
      `Ad and traffic figures have no time of day, so ${untimed.map((m) => m.label).join(", ")} ${untimed.length === 1 ? "is" : "are"} not compared with ${plan.compareRange!.date_to} until ${plan.compareUntil.localTime}.`,
    );
  }
  const byWholeDays = plan.compareUntil ? plan.metrics.filter((m) => m.sources.includes("lifetime") && !untimed.includes(m)) : [];
  if (plan.compareUntil && byWholeDays.length > 0) {
    warnings.push(
      `Lifetime values are read by whole acquisition days, so ${byWholeDays.map((m) => m.label).join(", ")} ${byWholeDays.length === 1 ? "is" : "are"} not compared with ${plan.compareRange!.date_to} until ${plan.compareUntil.localTime}.`,
    );
  }
  warnings.push(...lifetimeWarnings(plan, totals));
  const bots = totals.get("traffic")?.get("")?.bot_sessions;
  if (typeof bots === "number" && bots > 0) {
    warnings.push(`${bots} tracked ${bots === 1 ? "session" : "sessions"} from bots ${bots === 1 ? "was" : "were"} left out of the sessions.`);
  }
  const unavailable = totals.get("visitors")?.get("")?.visitors_unavailable;
  if (typeof unavailable === "number" && unavailable > 0) {
    warnings.push(
      "Visitors from GA4 are its total users of each day, which count a person again on every day they visit, so over more than one day Visitors is n/a. Ask for a single day or a daily breakdown, or choose tracking as the sessions source.",
    );
  }
  if (currencies.length > 0) {
    warnings.push(`Amounts in ${currencies.join(", ")} were converted to ${plan.workspace.currency} at each day's exchange rate.`);
  }
  return warnings;
}

/** Why an LTV metric over the whole range is n/a: no acquired customer's window has ended, or no model. */
function lifetimeWarnings(plan: Plan, totals: SumsBySpec): string[] {
  const sums = totals.get("lifetime")?.get("");
  if (!totals.has("lifetime")) return [];
  const count = (field: string) => (typeof sums?.[field] === "number" ? (sums[field] as number) : 0);
  const asked = (...ids: string[]) => plan.metrics.filter((m) => ids.includes(m.id)).map((m) => m.label);
  const warnings: string[] = [];
  for (const [days, ids] of [[90, ["ltv_90d"]], [365, ["ltv_365d", "ltv_cac"]]] as const) {
    const labels = asked(...ids);
    if (labels.length > 0 && count(`ltv_customers_${days}`) === 0) {
      warnings.push(`No customer acquired in this range has had ${days} days since the first order yet, so ${labels.join(" and ")} ${labels.length === 1 ? "is" : "are"} n/a.`);
    }
  }
  const predicted = asked("predicted_ltv_12m");
  if (predicted.length > 0 && count("predicted_customers") === 0) {
    warnings.push(`No LTV model has predicted the customers acquired in this range yet, so ${predicted[0]} is n/a.`);
  }
  return warnings;
}

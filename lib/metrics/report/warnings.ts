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
  const untimed = plan.compareUntil ? plan.metrics.filter((m) => m.sources.some((s) => s !== "sales" && s !== "customers")) : [];
  if (plan.compareUntil && untimed.length > 0) {
    warnings.push(
      `Ad and traffic figures have no time of day, so ${untimed.map((m) => m.label).join(", ")} ${untimed.length === 1 ? "is" : "are"} not compared with ${plan.compareRange!.date_to} until ${plan.compareUntil.localTime}.`,
    );
  }
  if (currencies.length > 0) {
    warnings.push(`Amounts in ${currencies.join(", ")} were converted to ${plan.workspace.currency} at each day's exchange rate.`);
  }
  return warnings;
}

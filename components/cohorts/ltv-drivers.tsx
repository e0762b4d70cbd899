import { formatMetric } from "@/components/dashboard/format";
import type { TLtvDrivers } from "@/lib/cohorts/drivers";

// LTV drivers: each dimension's groups ranked by mean net sales within the window, with the 95%
// interval and whether the difference from the overall mean could be noise.

const TITLES = { product: "First-order product", product_group: "First-order product group", channel: "First-order channel", discount_code: "First-order discount code" } as const;

export function LtvDrivers({ drivers }: { drivers: TLtvDrivers }) {
  const money = (value: string | null) => formatMetric(value, "money", drivers.currency);
  if (drivers.overall.customers === 0) {
    return (
      <p className="text-sm text-slate-600" data-testid="drivers-empty">
        No customer&apos;s first {drivers.window} days have passed yet (first orders through {drivers.first_orders_through}). Try a shorter window.
      </p>
    );
  }
  return (
    <div className="space-y-6" data-testid="ltv-drivers">
      <p className="text-sm text-slate-600">
        {drivers.overall.customers.toLocaleString("en-US")} customers with a first order through {drivers.first_orders_through}; mean {drivers.window}-day net sales{" "}
        <strong>{money(drivers.overall.mean)}</strong>. Intervals are 95% (normal approximation) for groups of {drivers.min_customers_for_interval} or more customers.
      </p>
      {drivers.dimensions.map(({ dimension, groups }) => (
        <section key={dimension}>
          <h3 className="mb-2 text-sm font-semibold text-slate-800">{TITLES[dimension]}</h3>
          <div className="max-w-full overflow-x-auto">
            <table className="min-w-max text-sm">
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  {["Group", "Customers", `Mean ${drivers.window}-day LTV`, "95% interval", ""].map((h, i) => (
                    <th key={i} scope="col" className={`px-3 py-2 font-medium ${i === 0 ? "text-left" : "text-right"}`}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {groups.map((group) => (
                  <tr key={group.value} className="border-t border-slate-100">
                    <th scope="row" className="max-w-[16rem] truncate px-3 py-1.5 text-left font-medium text-slate-700" title={group.label}>{group.label}</th>
                    <td className="px-3 py-1.5 text-right tabular-nums">{group.customers.toLocaleString("en-US")}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{money(group.mean)}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">
                      {group.ci_low === null ? "too few customers" : `${money(group.ci_low)} – ${money(group.ci_high)}`}
                    </td>
                    <td className="px-3 py-1.5 text-right text-xs">
                      {group.distinguishable === false ? <span className="text-slate-500">not distinguishable from the mean</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}

import type { Dec } from "@/lib/metrics/definitions/decimal";
import type { CurvePoint } from "./curves";
import type { CohortMetric } from "./request";
import type { TCohortMetricInfo } from "./types";

// The cohort metrics, each defined once: label, format and how it reads a curve point.

type Definition = Omit<TCohortMetricInfo, "id"> & { read: (point: CurvePoint) => Dec | number | null };

export const COHORT_METRIC_DEFINITIONS: Record<CohortMetric, Definition> = {
  customers: {
    label: "Customers", format: "count",
    description: "Customers of the cohort counted at this offset (cohort size).",
    read: (p) => p.customers,
  },
  active_customers: {
    label: "Active customers", format: "count",
    description: "Customers with at least one counted order in this period.",
    read: (p) => p.activeCustomers,
  },
  retention: {
    label: "Retention", format: "percent",
    description: "Active customers / cohort size.",
    read: (p) => p.retention,
  },
  orders: {
    label: "Orders", format: "count",
    description: "Counted orders placed in this period.",
    read: (p) => p.orders,
  },
  orders_per_customer: {
    label: "Orders per customer", format: "ratio",
    description: "Orders from the acquisition period through this one / cohort size.",
    read: (p) => p.ordersPerCustomer,
  },
  repeat_rate: {
    label: "Repeat rate", format: "percent",
    description: "Customers with a second order by this offset / cohort size.",
    read: (p) => p.repeatRate,
  },
  ltv: {
    label: "LTV (net sales per customer)", format: "money",
    description: "Net sales from the acquisition period through this one / cohort size.",
    read: (p) => p.ltv,
  },
  gross_profit_per_customer: {
    label: "Gross profit per customer", format: "money",
    description: "Net sales minus cost of goods, from the acquisition period through this one / cohort size.",
    read: (p) => p.grossProfitPerCustomer,
  },
  net_sales: {
    label: "Net sales", format: "money",
    description: "Net sales of this period (returns on the workspace's revenue basis).",
    read: (p) => p.netSales,
  },
  aov: {
    label: "AOV (net)", format: "money",
    description: "Net sales / orders of this period: after discounts and returns, unlike the KPI report's AOV.",
    read: (p) => p.aov,
  },
};

export const cohortMetricInfo = (id: CohortMetric): TCohortMetricInfo => {
  const { label, format, description } = COHORT_METRIC_DEFINITIONS[id];
  return { id, label, format, description };
};

import { add, divide, formatDecimal, mulInt, parseDecimal, sub, type Dec } from "./decimal";

// The one place a metric is defined. Dashboards, the API, digests and exports read metrics from
// here, so a definition (and its wording) changes once. Every metric is a pure function of base
// sums (`Totals`); ratios with a zero denominator are null ("n/a"), never 0 or infinity.

export type MetricFormat = "money" | "count" | "percent" | "ratio";

/**
 * Money and ratio values are exact decimal strings (money with at least 2 places; percent as a
 * fraction, "0.25" = 25 %); counts are integers; null means "n/a".
 */
export type MetricValue = string | number | null;

/**
 * Base sums over a period and segment. Money is a decimal string in `currency`; ad conversions
 * are a decimal string too (platforms report fractions).
 */
export type Totals = {
  currency: string | null;
  gross_sales: string;
  discounts: string;
  returns: string;
  shipping: string;
  taxes: string;
  cogs: string;
  orders: number;
  units: number;
  new_customers: number;
  returning_customers: number;
  ad_spend: string;
  ad_revenue: string;
  ad_clicks: number;
  ad_impressions: number;
  ad_conversions: string;
  sessions: number;
  /** Unique visitors over the period (see the visitors metric and lib/metrics/report/sql.ts). */
  visitors: number;
  /** Non-zero when the period's visitors cannot be counted uniquely (GA4 users over several days). */
  visitors_unavailable: number;
  /**
   * Customers acquired in the period (first counted order's day) whose 90- or 365-day window has
   * ended by today, and the sum of their net sales in it (the workspace currency).
   */
  ltv_customers_90: number;
  ltv_sales_90: string;
  ltv_customers_365: number;
  ltv_sales_365: string;
  /** Customers acquired in the period with a predicted 12-month LTV, and its sum. */
  predicted_customers: number;
  predicted_ltv: string;
  /**
   * Orders (fractions of orders, to 4 places) and net sales (the workspace currency) the
   * attribution model credits to the period's orders, from the stored daily credits.
   */
  attributed_orders: string;
  attributed_revenue: string;
  /** Orders dated in the period that need a look (lib/exceptions). */
  exception_orders: number;
  /**
   * CRM deals (lib/crm): won ones and their value on the day they closed (the offline orders),
   * lost ones on the day they closed, open ones and their value on the day they were made; the
   * days from creation to close summed over the won ones.
   */
  offline_revenue: string;
  deals_won: number;
  deals_lost: number;
  deals_open: number;
  pipeline_value: string;
  sales_cycle_days: string;
  /**
   * Owned channels (lib/owned) by the sends' local send day, test sends left out: sends, those
   * delivered, unique opens (a pixel open no machine fetched, or a human click) and unique human
   * clicks; the orders attributed to the sends, each once, and their net sales; what the sends
   * cost under the channels' fees. Read for MER and CAC only where the workspace counts owned
   * cost beside ad spend; otherwise owned_cost stays 0 there.
   */
  owned_sends: number;
  owned_delivered: number;
  owned_opens: number;
  owned_clicks: number;
  owned_conversions: number;
  owned_revenue: string;
  owned_cost: string;
};

export function emptyTotals(currency: string | null = null): Totals {
  return {
    currency, gross_sales: "0.00", discounts: "0.00", returns: "0.00", shipping: "0.00", taxes: "0.00", cogs: "0.00",
    orders: 0, units: 0, new_customers: 0, returning_customers: 0,
    ad_spend: "0.00", ad_revenue: "0.00", ad_clicks: 0, ad_impressions: 0, ad_conversions: "0.00", sessions: 0, visitors: 0, visitors_unavailable: 0,
    ltv_customers_90: 0, ltv_sales_90: "0.00", ltv_customers_365: 0, ltv_sales_365: "0.00", predicted_customers: 0, predicted_ltv: "0.00",
    attributed_orders: "0.00", attributed_revenue: "0.00",
    exception_orders: 0,
    offline_revenue: "0.00", deals_won: 0, deals_lost: 0, deals_open: 0, pipeline_value: "0.00", sales_cycle_days: "0.00",
    owned_sends: 0, owned_delivered: 0, owned_opens: 0, owned_clicks: 0, owned_conversions: 0, owned_revenue: "0.00", owned_cost: "0.00",
  };
}

/**
 * Where a metric's inputs come from. A breakdown or filter a source cannot be split by (ad spend
 * by product group, sales by campaign) makes the metrics that need it "n/a" rather than wrong.
 */
export type MetricSource = "sales" | "customers" | "ads" | "traffic" | "visitors" | "lifetime" | "attribution" | "exceptions" | "crm" | "owned";

export type MetricDefinition = {
  id: string;
  label: string;
  format: MetricFormat;
  /** One sentence for the UI, following PRODUCT.md's definitions. */
  description: string;
  sources: readonly MetricSource[];
  compute: (totals: Totals) => MetricValue;
};

// Every widget of a dashboard reads the same sums, so the same decimal strings come back again
// and again: remember recent parses (bounded, so a long-running server doesn't grow it forever).
const parsed = new Map<string, Dec>();
const dec = (value: string): Dec => {
  let d = parsed.get(value);
  if (d === undefined) {
    if (parsed.size >= 100_000) parsed.clear();
    d = parseDecimal(value);
    parsed.set(value, d);
  }
  return d;
};
const int = (value: number) => parseDecimal(value);
const money = (value: Dec | null) => (value === null ? null : formatDecimal(value, 2));
const fraction = (value: Dec | null) => (value === null ? null : formatDecimal(value, 2));

const netSales = (t: Totals) => sub(sub(dec(t.gross_sales), dec(t.discounts)), dec(t.returns));
const totalSales = (t: Totals) => add(netSales(t), dec(t.shipping), dec(t.taxes));
const grossProfit = (t: Totals) => sub(netSales(t), dec(t.cogs));
/** Ad spend, plus owned-channel cost where the workspace counts it (owned_cost is read only then). */
const blendedSpend = (t: Totals) => add(dec(t.ad_spend), dec(t.owned_cost));
const cac = (t: Totals) => divide(blendedSpend(t), int(t.new_customers));
/** Whole conversions, rounded half up, as the platforms' own UIs show them. */
const roundedCount = (value: Dec) => Number((value + (value < 0n ? -5000n : 5000n)) / 10_000n);

const definitions = [
  // Sales (store facts; see PRODUCT.md "Sales definitions").
  {
    id: "gross_sales", label: "Gross sales", format: "money", sources: ["sales"],
    description: "Unit price times quantity of every included line item, on the order's date.",
    compute: (t) => money(dec(t.gross_sales)),
  },
  {
    id: "discounts", label: "Discounts", format: "money", sources: ["sales"],
    description: "Line-item and order-level discounts on included line items, on the order's date.",
    compute: (t) => money(dec(t.discounts)),
  },
  {
    id: "returns", label: "Returns", format: "money", sources: ["sales"],
    description: "Value of refunded included line items at their sold price after discounts, on the refund's date (or the order's date, per the workspace setting).",
    compute: (t) => money(dec(t.returns)),
  },
  {
    id: "net_sales", label: "Net sales", format: "money", sources: ["sales"],
    description: "Gross sales minus discounts minus returns.",
    compute: (t) => money(netSales(t)),
  },
  {
    id: "shipping", label: "Shipping", format: "money", sources: ["sales"],
    description: "Shipping charged minus shipping refunded.",
    compute: (t) => money(dec(t.shipping)),
  },
  {
    id: "taxes", label: "Taxes", format: "money", sources: ["sales"],
    description: "Taxes charged minus taxes refunded.",
    compute: (t) => money(dec(t.taxes)),
  },
  {
    id: "total_sales", label: "Total sales", format: "money", sources: ["sales"],
    description: "Net sales plus shipping plus taxes: what customers actually paid.",
    compute: (t) => money(totalSales(t)),
  },
  {
    id: "orders", label: "Orders", format: "count", sources: ["sales"],
    description: "Orders with at least one included line item, counted on their date; test orders and orders the store calls no sale (a WooCommerce order pending, failed or cancelled) never count, and a cancelled Shopify order still does.",
    compute: (t) => t.orders,
  },
  {
    id: "units", label: "Units", format: "count", sources: ["sales"],
    description: "Quantity of included line items ordered.",
    compute: (t) => t.units,
  },
  {
    id: "aov", label: "Average order value", format: "money", sources: ["sales"],
    description: "Gross sales minus discounts, divided by orders.",
    compute: (t) => money(divide(sub(dec(t.gross_sales), dec(t.discounts)), int(t.orders))),
  },
  {
    id: "new_customers", label: "New customers", format: "count", sources: ["customers"],
    description: "Customers whose first order in the store falls in the period.",
    compute: (t) => t.new_customers,
  },
  {
    id: "returning_customers", label: "Returning customers", format: "count", sources: ["customers"],
    description: "Customers who ordered in the period and had ordered before it.",
    compute: (t) => t.returning_customers,
  },
  {
    id: "repeat_rate", label: "Repeat customer rate", format: "percent", sources: ["customers"],
    description: "Returning customers as a share of all customers who ordered in the period.",
    compute: (t) => fraction(divide(int(t.returning_customers), int(t.new_customers + t.returning_customers))),
  },
  // Advertising and traffic (inputs arrive with the ad and analytics connectors).
  {
    id: "ad_spend", label: "Ad spend", format: "money", sources: ["ads"],
    description: "What the ad platforms charged for the period.",
    compute: (t) => money(dec(t.ad_spend)),
  },
  {
    id: "ad_revenue", label: "Ad revenue", format: "money", sources: ["ads"],
    description: "Conversion value the ad platforms report.",
    compute: (t) => money(dec(t.ad_revenue)),
  },
  {
    id: "roas", label: "ROAS", format: "ratio", sources: ["ads"],
    description: "Ad revenue divided by ad spend.",
    compute: (t) => fraction(divide(dec(t.ad_revenue), dec(t.ad_spend))),
  },
  {
    id: "mer", label: "MER (blended ROAS)", format: "ratio", sources: ["sales", "ads"],
    description: "Total sales divided by ad spend (plus owned-channel cost where the workspace counts it).",
    compute: (t) => fraction(divide(totalSales(t), blendedSpend(t))),
  },
  {
    id: "sessions", label: "Sessions", format: "count", sources: ["traffic"],
    description: "Web analytics sessions (total traffic).",
    compute: (t) => t.sessions,
  },
  {
    id: "visitors", label: "Visitors", format: "count", sources: ["visitors"],
    description: "Unique visitors from the sessions source: tracked visitors (browsers and devices, bots left out) counted once over the whole period; GA4 total users for a single day only, since GA4's daily counts cannot be added across days.",
    // Never a sum of daily counts: the source's statement counts distinct visitors per bucket.
    compute: (t) => (t.visitors_unavailable > 0 ? null : t.visitors),
  },
  {
    id: "conversion_rate", label: "Conversion rate", format: "percent", sources: ["sales", "traffic"],
    description: "Orders divided by sessions.",
    compute: (t) => fraction(divide(int(t.orders), int(t.sessions))),
  },
  {
    id: "cac", label: "CAC", format: "money", sources: ["ads", "customers"],
    description: "Ad spend (plus owned-channel cost where the workspace counts it) divided by new customers.",
    compute: (t) => money(cac(t)),
  },
  {
    id: "cpc", label: "CPC", format: "money", sources: ["ads"],
    description: "Ad spend divided by ad clicks.",
    compute: (t) => money(divide(dec(t.ad_spend), int(t.ad_clicks))),
  },
  {
    id: "cpm", label: "CPM", format: "money", sources: ["ads"],
    description: "Ad spend per thousand ad impressions.",
    compute: (t) => money(divide(mulInt(dec(t.ad_spend), 1000), int(t.ad_impressions))),
  },
  {
    id: "ctr", label: "CTR", format: "percent", sources: ["ads"],
    description: "Ad clicks divided by ad impressions.",
    compute: (t) => fraction(divide(int(t.ad_clicks), int(t.ad_impressions))),
  },
  {
    id: "cpa", label: "CPA", format: "money", sources: ["ads"],
    description: "Ad spend divided by the conversions the ad platforms report.",
    compute: (t) => money(divide(dec(t.ad_spend), dec(t.ad_conversions))),
  },
  {
    id: "ad_conversions", label: "Ad conversions", format: "count", sources: ["ads"],
    description: "Purchases the ad platforms attribute to their ads, rounded to whole conversions.",
    compute: (t) => roundedCount(dec(t.ad_conversions)),
  },
  {
    id: "impressions", label: "Impressions", format: "count", sources: ["ads"],
    description: "Times the ads were shown.",
    compute: (t) => t.ad_impressions,
  },
  {
    id: "clicks", label: "Clicks", format: "count", sources: ["ads"],
    description: "Clicks on the ads.",
    compute: (t) => t.ad_clicks,
  },
  {
    id: "romi", label: "ROMI", format: "ratio", sources: ["ads"],
    description: "Return on marketing investment: ad revenue minus ad spend, divided by ad spend.",
    compute: (t) => fraction(divide(sub(dec(t.ad_revenue), dec(t.ad_spend)), dec(t.ad_spend))),
  },
  // Lifetime value (customer profiles, by the period their first order falls in).
  {
    id: "ltv_90d", label: "LTV (90 days)", format: "money", sources: ["lifetime"],
    description: "Average net sales in the first 90 days of the customers acquired in the period, counting only those whose 90 days have passed.",
    compute: (t) => money(divide(dec(t.ltv_sales_90), int(t.ltv_customers_90))),
  },
  {
    id: "ltv_365d", label: "LTV (365 days)", format: "money", sources: ["lifetime"],
    description: "Average net sales in the first 365 days of the customers acquired in the period, counting only those whose 365 days have passed.",
    compute: (t) => money(divide(dec(t.ltv_sales_365), int(t.ltv_customers_365))),
  },
  {
    id: "predicted_ltv_12m", label: "Predicted LTV (12 months)", format: "money", sources: ["lifetime"],
    description: "Average predicted net sales in the first 12 months of the customers acquired in the period, from the latest LTV model.",
    compute: (t) => money(divide(dec(t.predicted_ltv), int(t.predicted_customers))),
  },
  {
    id: "ltv_cac", label: "LTV:CAC", format: "ratio", sources: ["lifetime", "ads", "customers"],
    description: "The 365-day LTV of the customers acquired in the period divided by the period's CAC.",
    // (sales / acquired customers) / (spend / new customers), as one division so nothing rounds twice.
    compute: (t) =>
      fraction(t.new_customers === 0 || t.ltv_customers_365 === 0 ? null : divide(mulInt(dec(t.ltv_sales_365), t.new_customers), mulInt(dec(t.ad_spend), t.ltv_customers_365))),
  },
  // Attribution (stored credits per model and lookback window: lib/attribution). The workspace's
  // default model and window unless the id names them: `attributed_revenue:markov` or
  // `attributed_revenue:markov:7` (resolved in lib/metrics/definitions/attribution-metrics.ts).
  {
    id: "attributed_revenue", label: "Attributed revenue", format: "money", sources: ["attribution"],
    description: "Net sales of the period's matched orders credited to their touchpoints under the attribution model, on the order's date.",
    compute: (t) => money(dec(t.attributed_revenue)),
  },
  {
    id: "attributed_orders", label: "Attributed orders", format: "count", sources: ["attribution"],
    description: "Orders of the period credited to touchpoints under the attribution model, rounded to whole orders.",
    compute: (t) => roundedCount(dec(t.attributed_orders)),
  },
  {
    id: "attributed_roas", label: "Attributed ROAS", format: "ratio", sources: ["attribution", "ads"],
    description: "Attributed revenue divided by ad spend.",
    compute: (t) => fraction(divide(dec(t.attributed_revenue), dec(t.ad_spend))),
  },
  // Profit (unit costs from the store, overridable in the workspace's metric settings).
  {
    id: "cogs", label: "Cost of goods sold", format: "money", sources: ["sales"],
    description: "Unit cost times quantity of included line items sold, minus the cost of those returned.",
    compute: (t) => money(dec(t.cogs)),
  },
  {
    id: "gross_profit", label: "Gross profit", format: "money", sources: ["sales"],
    description: "Net sales minus cost of goods sold.",
    compute: (t) => money(grossProfit(t)),
  },
  {
    id: "contribution_margin", label: "Contribution margin", format: "money", sources: ["sales", "ads"],
    description: "Gross profit minus ad spend.",
    compute: (t) => money(sub(grossProfit(t), dec(t.ad_spend))),
  },
  // Exception orders (lib/exceptions: the rules and how each is judged).
  {
    id: "exception_orders", label: "Exception orders", format: "count", sources: ["exceptions"],
    description: "Orders that need a look (cancelled, payment failed or pending over 24 hours, high fraud risk, refunded in full within 24 hours, a zero total with items, or a total far from its lines), counted on their date; test orders never count.",
    compute: (t) => t.exception_orders,
  },
  // CRM deals and the offline orders won ones become (lib/crm). Offline revenue is shown apart
  // from the store's sales; total revenue adds the two.
  {
    id: "offline_revenue", label: "Offline revenue", format: "money", sources: ["crm"],
    description: "The value of CRM deals won, on the day they closed, converted at that day's rate; a won deal reopened or lost no longer counts.",
    compute: (t) => money(dec(t.offline_revenue)),
  },
  {
    id: "total_revenue", label: "Total revenue (online + offline)", format: "money", sources: ["sales", "crm"],
    description: "Total sales from the store plus offline revenue from CRM deals won.",
    compute: (t) => money(add(totalSales(t), dec(t.offline_revenue))),
  },
  {
    id: "deals_won", label: "Deals won", format: "count", sources: ["crm"],
    description: "CRM deals standing in a won stage, counted on the day they closed.",
    compute: (t) => t.deals_won,
  },
  {
    id: "deals_lost", label: "Deals lost", format: "count", sources: ["crm"],
    description: "CRM deals standing in a lost stage, counted on the day they closed.",
    compute: (t) => t.deals_lost,
  },
  {
    id: "deals_open", label: "Open deals", format: "count", sources: ["crm"],
    description: "CRM deals not yet won or lost, counted on the day they were made.",
    compute: (t) => t.deals_open,
  },
  {
    id: "pipeline_value", label: "Pipeline value", format: "money", sources: ["crm"],
    description: "The value of open CRM deals, on the day they were made, converted at that day's rate.",
    compute: (t) => money(dec(t.pipeline_value)),
  },
  {
    id: "win_rate", label: "Win rate", format: "percent", sources: ["crm"],
    description: "Deals won divided by deals won or lost, both on the day they closed.",
    compute: (t) => fraction(divide(int(t.deals_won), int(t.deals_won + t.deals_lost))),
  },
  {
    id: "avg_sales_cycle_days", label: "Average sales cycle (days)", format: "ratio", sources: ["crm"],
    description: "Days from a deal's creation to its close, averaged over the deals won on the period's days.",
    compute: (t) => fraction(divide(dec(t.sales_cycle_days), int(t.deals_won))),
  },
  // Owned channels (lib/owned: email, SMS, push and chat sends), by the sends' local send day.
  {
    id: "sends", label: "Sends", format: "count", sources: ["owned"],
    description: "Email, SMS, push and chat messages sent, by their send day; test sends and blocked sends never count.",
    compute: (t) => t.owned_sends,
  },
  {
    id: "delivery_rate", label: "Delivery rate", format: "percent", sources: ["owned"],
    description: "Sends the provider reported delivered, divided by sends.",
    compute: (t) => fraction(divide(int(t.owned_delivered), int(t.owned_sends))),
  },
  {
    id: "open_rate", label: "Open rate", format: "percent", sources: ["owned"],
    description: "Delivered sends opened by a person (the open pixel loaded and no privacy proxy or scanner fetched it, or a human click), divided by delivered sends.",
    compute: (t) => fraction(divide(int(t.owned_opens), int(t.owned_delivered))),
  },
  {
    id: "click_rate", label: "Click rate", format: "percent", sources: ["owned"],
    description: "Delivered sends with a human click (the visitor viewed a page or sent an event from 2 minutes before to 5 minutes after it), divided by delivered sends.",
    compute: (t) => fraction(divide(int(t.owned_clicks), int(t.owned_delivered))),
  },
  {
    id: "owned_conversions", label: "Owned-channel conversions", format: "count", sources: ["owned"],
    description: "Orders attributed to the sends (a human click, else an open, in the 24 hours before the order, or a session from a tracked link), each order once, on its send's day.",
    compute: (t) => t.owned_conversions,
  },
  {
    id: "owned_revenue", label: "Owned-channel revenue", format: "money", sources: ["owned"],
    description: "Net sales of the orders attributed to the sends, each order once, on its send's day.",
    compute: (t) => money(dec(t.owned_revenue)),
  },
  {
    id: "owned_cost", label: "Owned-channel cost", format: "money", sources: ["owned"],
    description: "What the sends cost under each channel's fee (per send, SMS segment or point); test sends are costed apart on the costs page, never here.",
    compute: (t) => money(dec(t.owned_cost)),
  },
  {
    id: "owned_roas", label: "Owned-channel ROAS", format: "ratio", sources: ["owned"],
    description: "Owned-channel revenue divided by owned-channel cost.",
    compute: (t) => fraction(divide(dec(t.owned_revenue), dec(t.owned_cost))),
  },
] as const satisfies readonly MetricDefinition[];

/** Metrics whose spend takes owned-channel cost too, where the workspace chooses (owned_settings.cost_in_blended). */
export const BLENDED_SPEND_METRICS: readonly string[] = ["mer", "cac"];

export type MetricId = (typeof definitions)[number]["id"];

export const METRICS: readonly MetricDefinition[] = definitions;

const byId = new Map<string, MetricDefinition>(METRICS.map((m) => [m.id, m]));

export function isMetricId(id: string): id is MetricId {
  return byId.has(id);
}

export function getMetric(id: MetricId): MetricDefinition {
  return byId.get(id)!;
}

/**
 * Total sales and MER for a workspace that counts offline revenue in them (its metric settings):
 * won CRM deals' value added to what the store took. They then read the CRM source too, so a
 * breakdown deals cannot be split by (product groups) makes them n/a rather than store-only.
 */
export const WITH_OFFLINE_REVENUE: Readonly<Record<"total_sales" | "mer", MetricDefinition>> = {
  total_sales: {
    ...getMetric("total_sales"),
    sources: ["sales", "crm"],
    description: "Net sales plus shipping plus taxes, plus offline revenue from CRM deals won (this workspace counts offline sales in total sales).",
    compute: (t) => money(add(totalSales(t), dec(t.offline_revenue))),
  },
  mer: {
    ...getMetric("mer"),
    sources: ["sales", "ads", "crm"],
    description: "Total sales, offline revenue from CRM deals won included, divided by ad spend (plus owned-channel cost where the workspace counts it).",
    compute: (t) => fraction(divide(add(totalSales(t), dec(t.offline_revenue)), blendedSpend(t))),
  },
};

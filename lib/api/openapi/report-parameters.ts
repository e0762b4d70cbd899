import { FILTER_PARAMETERS, REPORT_FORMATS } from "@/lib/api/report-query";
import { ATTRIBUTION_METRIC_PATTERN } from "@/lib/metrics/definitions/attribution-metrics";
import { GROUP_SALES_PREFIX, GROUP_UNITS_PREFIX } from "@/lib/metrics/definitions/catalog";
import { METRICS } from "@/lib/metrics/definitions/registry";
import { MAX_CAMPAIGN_RESULTS, ZCampaignSearchSchema } from "@/lib/metrics/report/campaigns";
import { aliasNotes, DIMENSION_ALIASES, DIMENSIONS, GROUP_BY_NAMES, MAX_GROUP_BY, METRIC_ALIASES, MAX_RANGE_YEARS, ZReportRequestSchema } from "@/lib/metrics/report/schema";
import { jsonSchemaOf, type JsonSchema } from "./json-schema";

// The reports API's query parameters, described from the schema that validates them; only the
// wording is written here.

export type QueryParameter = {
  name: string;
  in: "query";
  required: boolean;
  description: string;
  schema: JsonSchema;
  style?: "form";
  explode?: boolean;
  example?: string;
};

/** Product group metrics exist per workspace, so they are described by their form. */
export const PRODUCT_GROUP_METRIC_PATTERN = `^(${GROUP_SALES_PREFIX}|${GROUP_UNITS_PREFIX})[^,]+$`;

type ObjectSchema = { properties: Record<string, JsonSchema>; required?: string[] };

const requestSchema = jsonSchemaOf(ZReportRequestSchema, "input") as ObjectSchema;
const filterSchema = requestSchema.properties.filters as ObjectSchema;

const metricIdSchema: JsonSchema = {
  anyOf: [
    { type: "string", enum: METRICS.map((m) => m.id) },
    { type: "string", pattern: PRODUCT_GROUP_METRIC_PATTERN, description: "A product group's sales or units, by the group's key." },
    {
      type: "string",
      enum: Object.keys(METRIC_ALIASES),
      description: `An alias of a canonical id: ${aliasNotes(METRIC_ALIASES).join(", ")}. The answer uses the canonical id.`,
    },
    {
      type: "string",
      pattern: ATTRIBUTION_METRIC_PATTERN,
      description: "An attribution metric under a named model and, optionally, lookback window in days: `attributed_revenue:markov`, `attributed_orders:linear:7`.",
    },
  ],
};

/** Values for the reference page's example request: the KPI report PRODUCT.md describes, aliases and all. */
const EXAMPLES: Record<string, string> = { date_from: "2026-01-01", date_to: "2026-01-31", metrics: "romi,cac,revenue", group_by: "campaign_name" };

const DESCRIPTIONS: Record<string, string> = {
  date_from: "First day of the report (YYYY-MM-DD), in the workspace's reporting time zone.",
  date_to: `Last day of the report, inclusive (YYYY-MM-DD). The range may span at most ${MAX_RANGE_YEARS} years.`,
  metrics:
    "Comma-separated metric ids, e.g. `total_sales,orders,roas`. Product group metrics are `product_group_sales:<key>` and `product_group_units:<key>`. " +
    "Attribution metrics (`attributed_revenue`, `attributed_orders`, `attributed_roas`) use the workspace's default model and window, or name them: " +
    "`attributed_revenue:<model>` or `attributed_revenue:<model>:<window>`; an unknown model or window is a 400 naming it. " +
    `Aliases: ${aliasNotes(METRIC_ALIASES).join(", ")}; the answer names the canonical id. An unknown id is a 400 that suggests the nearest ones.`,
  group_by:
    `Break the report down by one dimension, or two comma-separated (e.g. \`product,country\`: a row per pair, with \`keys\` and \`labels\` per dimension and the second named in the answer's \`then_by\`); without it only totals are returned. Dimensions: ${DIMENSIONS.join(", ")}. ` +
    "A time unit (day, week, month) stands alone. Ad dimensions below the campaign: ad_group (Meta's ad sets) and ad (the creative), labelled by their newest names; they split ad metrics only, each from that level's own rows (an ad group without ad rows is one row with an empty ad key; a campaign reported only as a whole, one row with empty keys), so their rows can differ by cents from the campaign's figures. Store dimensions: product (by product id, under its newest title), variant (variant id or SKU), product_type, vendor, country and region (ISO 3166 codes of the shipping address, else billing), customer_type (new, returning, guest), discount_code (an order's first code), sales_channel (the store's own, e.g. web, pos). " +
    "Product-level dimensions (product, variant, product_type, vendor, with channel or country) split line-item metrics only (gross sales, discounts, returns, net sales, units, COGS, gross profit); order-level metrics (orders, AOV, shipping, taxes, total sales) are n/a there. Order-level dimensions split every sales metric. Ad, traffic and customer metrics are n/a by store dimensions, and so are sales metrics when the dimensions mix product-level ones with region, customer_type, discount_code or sales_channel. " +
    `Aliases: ${aliasNotes(DIMENSION_ALIASES).join(", ")}; the answer's \`group_by\` is the canonical dimension. Three dimensions, or an unknown one, is a 400 listing the valid ones.`,
  compare:
    "Also compute the same metrics over a comparison range: `previous_period` (like for like, see `period`) or `previous_year` (the same dates a year earlier, 29 February as the 28th). With `group_by` a time unit, each row's `compare` holds the comparison days beside it: day 1 of the range with day 1 of the comparison range.",
  period:
    "What the range is, so `previous_period` compares like with like: `month_to_date` and `quarter_to_date` against the same days of the previous month or quarter (clamped to its length), `year_to_date` against the same span of last year, `last_month` and `last_quarter` against the whole one before, `today` (while it is today) against yesterday until the same local time (sales, orders and customers; ad and traffic metrics have no time of day and are n/a there), `custom` (the default) against as many days just before. The range must have that shape (e.g. month to date starts on the 1st). A `date_to` after today is cut at today (in the workspace time zone) with a warning.",
  platform: "Only these ad platforms (comma-separated), e.g. `google_ads,meta_ads`.",
  channel: "Only these sales channels (comma-separated), e.g. `google,direct`.",
  campaign: "Only these campaign ids (comma-separated).",
  ad_group: "Only these ad groups (Meta: ad sets), by the ad_group breakdown's keys (the platform's ids). Only ad metrics apply.",
  ad: "Only these ads (creatives), by the ad breakdown's keys (the platform's ids). Only ad metrics apply.",
  product_group: "Only these product group keys (comma-separated).",
  product: "Only these products, by the product breakdown's keys (product ids).",
  variant: "Only these variants, by the variant breakdown's keys (variant ids, else SKUs).",
  product_type: "Only these product types.",
  vendor: "Only these vendors.",
  country: "Only orders shipped to these countries (ISO 3166-1 alpha-2, e.g. `US,CA`; the billing country when there is no shipping address).",
  region: "Only orders shipped to these regions (ISO 3166-2, e.g. `US-CA`).",
  customer_type: "Only `new`, `returning` or `guest` customers' orders.",
  discount_code: "Only orders whose first discount code is one of these.",
  sales_channel: "Only orders from these store sales channels (e.g. `web,pos`).",
  tag:
    "Only customers who have this tag now (a tag's id): net_sales, orders, aov, new_customers, returning_customers and repeat_rate are read from those customers' orders and refunds (their customer key after identity merges). " +
    "Every other metric (ad spend, sessions, gross sales before discounts, shipping, ...) cannot be restricted to people and is n/a, named in `warnings`; so is any breakdown but day, week or month, and any other filter. " +
    "An unknown tag, or another workspace's, is a 400 naming `tag`.",
  format: "`json` (the default) or `csv`: a spreadsheet with one line per row and a final Total line.",
};

function parameter(name: string, schema: JsonSchema, required: boolean): QueryParameter {
  const list = schema.type === "array";
  return {
    name,
    in: "query",
    required,
    description: DESCRIPTIONS[name] ?? "",
    schema,
    ...(list ? { style: "form" as const, explode: false } : {}),
    ...(EXAMPLES[name] ? { example: EXAMPLES[name] } : {}),
  };
}

const required = new Set(requestSchema.required ?? []);

export const REPORT_PARAMETERS: QueryParameter[] = [
  ...(["date_from", "date_to"] as const).map((name) => parameter(name, requestSchema.properties[name]!, required.has(name))),
  parameter("metrics", { ...requestSchema.properties.metrics, items: metricIdSchema }, required.has("metrics")),
  // Validated as one comma-separated string; documented as the list it is.
  parameter(
    "group_by",
    { type: "array", items: { type: "string", enum: [...GROUP_BY_NAMES] }, minItems: 1, maxItems: MAX_GROUP_BY },
    required.has("group_by"),
  ),
  ...(["compare", "period"] as const).map((name) => parameter(name, requestSchema.properties[name]!, required.has(name))),
  ...FILTER_PARAMETERS.map((name) => parameter(name, filterSchema.properties[name]!, false)),
  parameter("tag", requestSchema.properties.tag!, false),
  parameter("format", { type: "string", enum: [...REPORT_FORMATS], default: "json" }, false),
];

export const WORKSPACE_QUERY_PARAMETER: QueryParameter = {
  name: "workspace",
  in: "query",
  required: false,
  description: "The workspace's slug. Only for a signed-in browser session; an API key always acts in its own workspace.",
  schema: { type: "string" },
};

const campaignSchema = jsonSchemaOf(ZCampaignSearchSchema, "input") as ObjectSchema;

/** The campaign picker's search: what the `campaign` filter can be given, by name. */
export const CAMPAIGN_SEARCH_PARAMETERS: QueryParameter[] = [
  { name: "q", in: "query", required: false, description: "Part of a campaign's name (any case), or the start of its id. Empty lists every campaign, by name.", schema: campaignSchema.properties.q! },
  {
    name: "ids", in: "query", required: false, style: "form", explode: false,
    description: "Campaign ids (comma-separated) to include whatever `q` is, e.g. those a filter already holds, to show their names.",
    schema: { type: "array", items: { type: "string" }, maxItems: 100 },
  },
  { name: "limit", in: "query", required: false, description: `At most this many campaigns besides \`ids\` (1 to ${MAX_CAMPAIGN_RESULTS}).`, schema: { type: "integer", minimum: 1, maximum: MAX_CAMPAIGN_RESULTS, default: 20 } },
];

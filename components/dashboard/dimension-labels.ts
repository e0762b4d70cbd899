import type { Dimension } from "@/lib/metrics/report/schema";

/** How the widget editor and tables name each breakdown dimension. */
export const DIMENSION_LABELS: Record<Dimension, string> = {
  day: "Day",
  week: "Week",
  month: "Month",
  channel: "Channel",
  platform: "Platform",
  campaign: "Campaign",
  ad_group: "Ad group / ad set",
  ad: "Ad (creative)",
  product_group: "Product group",
  product: "Product",
  variant: "Variant / SKU",
  product_type: "Product type",
  vendor: "Vendor",
  country: "Country",
  region: "Region",
  customer_type: "New vs returning",
  discount_code: "Discount code",
  sales_channel: "Sales channel (store)",
};

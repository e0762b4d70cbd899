// The CSV columns of each kind of import, in the order the sample files use. Shown on the upload
// page and checked against an uploaded file's header.

export type Column = { name: string; required: boolean; description: string };

export const ORDER_COLUMNS: readonly Column[] = [
  { name: "order_id", required: true, description: "Your order number; rows with the same order_id are the lines of one order." },
  { name: "created_at", required: true, description: "When the order was placed, with its UTC offset: 2026-03-01T23:30:00-05:00." },
  { name: "currency", required: true, description: "ISO 4217 code (USD, EUR, …) of every amount of the order." },
  { name: "customer_id", required: false, description: "Your customer id; identifies repeat customers." },
  { name: "customer_email", required: false, description: "Identifies the customer when customer_id is empty; stored encrypted." },
  { name: "customer_phone", required: false, description: "The customer's phone, e.g. +1 555 010 0000; without a country code it is read in the order's country, else the workspace's. Matched across sources by a keyed hash, stored encrypted." },
  { name: "line_title", required: true, description: "Product title of this line." },
  { name: "line_sku", required: false, description: "SKU of this line; a SKU (or, without one, a title) appears once per order." },
  { name: "line_quantity", required: true, description: "Units, a whole number from 1 to 2147483647." },
  { name: "line_unit_price", required: true, description: "Price of one unit before discounts, e.g. 49.90." },
  { name: "line_discount", required: false, description: "Discounts on the whole line. Default 0." },
  { name: "shipping", required: false, description: "Shipping charged on the order. Default 0." },
  { name: "taxes", required: false, description: "Taxes charged on the order. Default 0." },
  { name: "order_discount", required: false, description: "Discounts on the whole order, allocated to its lines in proportion to their value after line discounts (as Shopify does; leftover cents to the largest remainders). Default 0." },
  { name: "refunded_amount", required: false, description: "Simple refunds: goods value refunded (before tax), spread over the lines in proportion to their value. For several refunds, refunded lines, shipping or tax, use refund rows instead." },
  { name: "refunded_at", required: false, description: "When the refund was made, with its UTC offset; required with refunded_amount and on refund rows." },
  { name: "refund_id", required: false, description: "Marks a refund row: your refund's id. Rows with the same order_id and refund_id are one refund; each names one refunded line by line_sku or line_title (or none, for shipping or tax alone)." },
  { name: "refund_quantity", required: false, description: "Refund rows: units of the line returned." },
  { name: "refund_amount", required: false, description: "Refund rows: goods value refunded for the line, after discounts, before tax. Default: what the returned units were paid." },
  { name: "refund_tax", required: false, description: "Refund rows: tax refunded on the line named, or, on a row naming no line, tax refunded beyond the lines (on shipping)." },
  { name: "refund_shipping", required: false, description: "Refund rows: shipping refunded by the refund (on any one of its rows)." },
  { name: "channel", required: false, description: "Sales made outside the store: their channel (offline, phone, retail, crm, …), instead of utm_source." },
  { name: "utm_source", required: false, description: "The order's channel in reports (empty: direct)." },
  { name: "utm_medium", required: false, description: "" },
  { name: "utm_campaign", required: false, description: "" },
  { name: "discount_codes", required: false, description: "Codes used at checkout, separated by commas (quote the cell): \"WELCOME10,FREESHIP\". At most 50, each up to 255 characters." },
  { name: "country", required: false, description: "ISO 3166-1 alpha-2 code of the shipping country (US, GB, DE, …)." },
];

/** Columns that describe the order as a whole: on every row of the order, or only its first. */
export const ORDER_LEVEL_COLUMNS = [
  "order_id", "created_at", "currency", "customer_id", "customer_email", "customer_phone", "shipping", "taxes", "order_discount",
  "refunded_amount", "refunded_at", "channel", "utm_source", "utm_medium", "utm_campaign", "discount_codes", "country",
] as const;

/** Columns of a refund row (one with a refund_id) that describe the refund as a whole. */
export const REFUND_LEVEL_COLUMNS = { refund_id: "refund_id", refunded_at: "refunded_at", refund_shipping: "shipping" } as const;

/** Columns of a refund row that describe the line it refunds, and their names in JSON. */
export const REFUND_LINE_COLUMNS = {
  line_sku: "sku",
  line_title: "title",
  refund_quantity: "quantity",
  refund_amount: "amount",
  refund_tax: "tax",
} as const;

/** CSV line columns and their names inside a JSON order's line_items. */
export const LINE_COLUMNS = {
  line_title: "title",
  line_sku: "sku",
  line_quantity: "quantity",
  line_unit_price: "unit_price",
  line_discount: "discount",
} as const;

export const AD_SPEND_COLUMNS: readonly Column[] = [
  { name: "date", required: true, description: "The day in the ad account's time zone, YYYY-MM-DD." },
  { name: "platform", required: true, description: 'e.g. "Google Ads", "Meta", "TikTok", "pinterest".' },
  { name: "campaign", required: true, description: "Campaign name (matched ignoring case)." },
  { name: "spend", required: true, description: "Amount spent that day, e.g. 120.50." },
  { name: "currency", required: true, description: "ISO 4217 code of spend and conversion_value." },
  { name: "impressions", required: false, description: "Whole number. Default 0." },
  { name: "clicks", required: false, description: "Whole number. Default 0." },
  { name: "conversions", required: false, description: "May be fractional. Default 0." },
  { name: "conversion_value", required: false, description: "Revenue the platform attributes to the ads. Default 0." },
];

export const OWNED_SEND_COLUMNS: readonly Column[] = [
  { name: "send_id", required: true, description: "Your id for the send; importing the same id again updates it (a later delivery report, a correction)." },
  { name: "campaign", required: true, description: "Your id for the campaign or flow; it is made on first use, with the name, kind and channel of its rows." },
  { name: "campaign_name", required: false, description: "The campaign's name in reports. Default: its id." },
  { name: "campaign_kind", required: false, description: "campaign (one broadcast) or flow (an automation). Default campaign." },
  { name: "channel", required: true, description: "email, sms, push, line, messenger, whatsapp or web_popup; a campaign stays on one channel." },
  { name: "template", required: true, description: "Your id for the message within its campaign (a flow's step, a campaign's variant)." },
  { name: "template_name", required: false, description: "The message's name in reports. Default: its id." },
  { name: "subject", required: false, description: "An email's subject line." },
  { name: "sent_at", required: true, description: "When it was sent, with its UTC offset: 2026-03-01T10:00:00-05:00." },
  { name: "status", required: false, description: "sent (no delivery report yet), delivered or failed. Default sent." },
  { name: "delivered_at", required: false, description: "When a delivered send arrived. Default: sent_at." },
  { name: "provider_code", required: false, description: "The provider's code for the outcome, e.g. a bounce's reason." },
  { name: "customer_id", required: false, description: "The store's customer id. A row names its recipient by customer_id, email or phone (one at least)." },
  { name: "email", required: false, description: "The recipient's email; only its keyed hash is kept." },
  { name: "phone", required: false, description: "The recipient's phone, e.g. +1 555 010 0000; without a country code it is read in the workspace's country. Only a keyed hash of its E.164 form is kept." },
  { name: "is_test", required: false, description: "true for a test send (reported and costed apart). Default false." },
  { name: "segments", required: false, description: "An SMS's billed segments, 1 to 100." },
  { name: "points", required: false, description: "Points billed, where the provider bills in points." },
];

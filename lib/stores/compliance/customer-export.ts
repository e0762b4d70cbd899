import { ownCustomerKeySql } from "@/lib/customers/identity";
import { getPool } from "@/lib/db/pool";

// A customers/data_request's answer: everything Signalboard holds about one shopper of one store,
// as JSON for the store owner. The email is held sealed and as a keyed hash: the export says so
// and never opens it (the store owner has the address; we only need to show what we keep). An
// identity link's email value is that hash and is reported the same way.

export const EXPORT_FORMAT = "signalboard-customer-export/1";
const SEALED = "held encrypted (AES-256-GCM); not opened for this export";
const HASHED = "held as a keyed hash (HMAC-SHA-256) only";

type TTarget = { workspaceId: string; connectionId: string; customerId: bigint | null; orderIds: readonly bigint[] };

async function rows(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  return (await getPool().query(sql, params)).rows;
}

export async function buildCustomerExport({ workspaceId, connectionId, customerId, orderIds }: TTarget) {
  const customerText = customerId === null ? null : customerId.toString();
  const ids = orderIds.map(String);
  const [customer] = await rows(
    `SELECT external_id::text AS id, email_encrypted IS NOT NULL AS has_email, email_hash IS NOT NULL AS has_hash, phone_encrypted IS NOT NULL AS has_phone,
       first_order_at, orders_count, tags, created_at, updated_at, redacted_at,
       ${ownCustomerKeySql("connection_id", "external_id", "customers")} AS customer_key
     FROM customers WHERE workspace_id = $1 AND connection_id = $2 AND external_id = $3::bigint`,
    [workspaceId, connectionId, customerText],
  );
  const orders = await rows(
    `SELECT external_id::text AS id, name, created_at, processed_at, cancelled_at, currency, subtotal::text, total_discounts::text, total_shipping::text,
       total_tax::text, total_price::text, financial_status, fulfillment_status, landing_site, referring_site, utm_source, utm_medium, utm_campaign,
       source_name, discount_codes, country_code, region_code
     FROM orders WHERE workspace_id = $1 AND connection_id = $2 AND (customer_id = $3::bigint OR external_id = ANY($4::bigint[]))
     ORDER BY created_at`,
    [workspaceId, connectionId, customerText, ids],
  );
  const orderList = orders.map((o) => String(o.id));
  const byOrder = `workspace_id = $1 AND connection_id = $2 AND order_id = ANY($3::bigint[])`;
  const orderParams = [workspaceId, connectionId, orderList];
  const [lineItems, refunds, refundLines, exceptions, attributions, credits] = await Promise.all([
    rows(`SELECT order_id::text, external_id::text AS id, title, variant_title, sku, vendor, quantity, unit_price::text, total_discount::text FROM order_line_items WHERE ${byOrder} ORDER BY 1, 2`, orderParams),
    rows(`SELECT order_id::text, external_id::text AS id, created_at, processed_at, total_refunded::text, shipping_refunded::text, currency FROM refunds WHERE ${byOrder} ORDER BY 1, 2`, orderParams),
    rows(`SELECT order_id::text, refund_id::text, line_item_id::text, quantity, subtotal::text, total_tax::text FROM refund_line_items WHERE ${byOrder} ORDER BY 1, 2`, orderParams),
    rows(`SELECT order_id::text, order_name, ordered_at, total_price::text, financial_status, reasons FROM exception_orders WHERE ${byOrder}`, orderParams),
    rows(`SELECT order_id::text, method, order_at, revenue_minor::text, currency, new_customer, touches FROM order_attributions WHERE ${byOrder}`, orderParams),
    rows(`SELECT order_id::text, credits FROM attribution_order_credits WHERE ${byOrder}`, orderParams),
  ]);
  const keys = [...new Set([customer?.customer_key as string | undefined, customerText ? `c:${connectionId}:${customerText}` : undefined].filter((k): k is string => !!k))];
  const [profiles, customerEvents] = await Promise.all([
    rows(
      `SELECT customer_key, first_order_at, first_day, first_channel, first_product_titles, first_groups, first_discount_codes, country, tags, orders,
         net_sales::text, gross_profit::text, net_sales_90::text, net_sales_180::text, net_sales_365::text, last_order_at,
         p_active, expected_orders_365, predicted_ltv_12m::text, predicted_at
       FROM customer_profiles WHERE workspace_id = $1 AND customer_key = ANY($2::text[])`,
      [workspaceId, keys],
    ),
    rows(`SELECT order_id::text, refund_id::text, day, is_order, net_sales::text, gross_profit::text FROM customer_events WHERE workspace_id = $1 AND customer_key = ANY($2::text[]) ORDER BY at`, [workspaceId, keys]),
  ]);
  // Visitors: the person's, and any seen with one of their identifiers (as erasure finds them).
  const identifiers: [string, string][] = [
    ...(customerText ? [["customer", customerText] as [string, string]] : []),
    ...orderList.map((id): [string, string] => ["order", id]),
  ];
  const visitorIds = (
    await rows(
      `SELECT anonymous_id FROM visitors WHERE workspace_id = $1 AND person_key = ANY($2::text[])
       UNION SELECT anonymous_id FROM identity_links WHERE workspace_id = $1 AND person_key = ANY($2::text[])
       UNION SELECT l.anonymous_id FROM unnest($3::text[], $4::text[]) AS f(kind, value)
         JOIN identity_links l ON l.workspace_id = $1 AND l.kind = f.kind AND l.value = f.value`,
      [workspaceId, keys, identifiers.map((i) => i[0]), identifiers.map((i) => i[1])],
    )
  ).map((r) => String(r.anonymous_id));
  const byVisitor = [workspaceId, visitorIds];
  const [visitors, links, sessions, events, touchpoints] = await Promise.all([
    rows("SELECT anonymous_id, first_seen_at, last_seen_at, first_page_url, first_referrer FROM visitors WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[])", byVisitor),
    rows("SELECT anonymous_id, kind, value, method, first_seen_at, last_seen_at FROM identity_links WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[])", byVisitor),
    rows(
      `SELECT id, anonymous_id, started_at, ended_at, landing_page, referrer, utm_source, utm_medium, utm_campaign, channel, device, country, page_views
       FROM tracked_sessions WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[]) ORDER BY started_at`,
      byVisitor,
    ),
    rows(
      `SELECT message_id, anonymous_id, event, occurred_at, page_url, referrer, properties, session_id
       FROM tracked_events WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[]) ORDER BY occurred_at`,
      byVisitor,
    ),
    rows("SELECT anonymous_id, at, channel, source, medium, utm_campaign, paid FROM attribution_touchpoints WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[]) ORDER BY at", byVisitor),
  ]);
  const linesOf = (id: unknown) => lineItems.filter((l) => l.order_id === id);
  return {
    format: EXPORT_FORMAT,
    customer: customer
      ? {
          id: customer.id,
          email: customer.has_email ? SEALED : "not held",
          emailHash: customer.has_hash ? HASHED : "not held",
          firstOrderAt: customer.first_order_at,
          ordersCount: customer.orders_count,
          tags: customer.tags,
          createdAt: customer.created_at,
          updatedAt: customer.updated_at,
          redactedAt: customer.redacted_at,
        }
      : null,
    orders: orders.map((o) => ({
      ...o,
      lineItems: linesOf(o.id),
      refunds: refunds.filter((r) => r.order_id === o.id).map((r) => ({ ...r, lines: refundLines.filter((l) => l.refund_id === r.id) })),
      attribution: attributions.find((a) => a.order_id === o.id) ?? null,
      attributionCredits: credits.find((c) => c.order_id === o.id)?.credits ?? null,
      exception: exceptions.find((e) => e.order_id === o.id) ?? null,
    })),
    // The person as reports see them: first order, cohort (first day and channel), value and predicted LTV.
    profiles: profiles.map((p) => ({ ...p, customer_key: String(p.customer_key).startsWith("e:") ? `e:${HASHED}` : p.customer_key })),
    customerEvents,
    tracking: {
      visitors,
      identityLinks: links.map((l) => (l.kind === "email" ? { ...l, value: HASHED } : l)),
      sessions,
      events,
      touchpoints,
    },
  };
}

export type TCustomerExport = Awaited<ReturnType<typeof buildCustomerExport>>;

/** How much the export holds, for the request's record and the owners' email (counts only). */
export function exportSummary(e: TCustomerExport): string {
  return (
    `${e.customer ? "the customer record" : "no customer record"}, ${e.orders.length} orders, ${e.profiles.length} profiles, ` +
    `${e.tracking.visitors.length} visitors, ${e.tracking.sessions.length} sessions, ${e.tracking.events.length} events`
  );
}

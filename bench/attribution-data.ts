// A demo store's tracking and orders for the attribution benchmark, written set-based straight
// into the tables the drain, the identity graph and a store sync fill (tracked_sessions and
// tracked_events, visitors and identity_links, orders, order_line_items and customers), in their
// shapes. Everything is derived from row numbers, so a run is reproducible.
import { SESSION_EVENTS_SQL } from "./session-events-sql";

export type TStoreShape = {
  workspaceId: string;
  connectionId: string;
  sessions: number;
  orders: number;
  /** First day (UTC, the workspace's zone) and the number of days the data covers. */
  firstDay: string;
  days: number;
};

/** Browsers per session: most visitors come back about 2.5 times over the period. */
const BROWSERS_PER_SESSION = 0.4;

export const browsersOf = (shape: TStoreShape) => Math.max(1, Math.round(shape.sessions * BROWSERS_PER_SESSION));
/** Orders come from every `orderStride`-th session (shifted by 3, so never from a bot's: those are every 50th). */
export const orderStride = (shape: TStoreShape) => Math.max(1, Math.floor(shape.sessions / shape.orders));

// A session's traffic source, one of 20 slots: a quarter direct, organic search, Google and Meta
// ads with click ids and campaigns, TikTok and Bing clicks, email, a referral site. The
// campaign names repeat in different spellings, as tagged links do.
const SESSIONS_SQL = `
WITH s AS (
  SELECT i, 'b' || (i % $2) AS anon, md5(i::text) AS id,
    $4::timestamp + ((i::bigint * 7919) % ($5::int * 86400)) * interval '1 second' AS start,
    (i % 50 = 0) AS bot, (i * 13) % 20 AS slot, ((i * 31) % 100) AS r
  FROM generate_series(1, $1::int) AS i
), src AS (
  SELECT s.*,
    CASE WHEN slot BETWEEN 5 AND 7 THEN 'https://www.google.com/' WHEN slot = 18 THEN 'https://blog.example/gift-guide' END AS referrer,
    CASE WHEN slot BETWEEN 8 AND 11 THEN 'google' WHEN slot BETWEEN 12 AND 14 THEN 'facebook' WHEN slot IN (16, 17) THEN 'klaviyo' END AS utm_source,
    CASE WHEN slot BETWEEN 8 AND 11 THEN 'cpc' WHEN slot BETWEEN 12 AND 14 THEN 'paid_social' WHEN slot IN (16, 17) THEN 'email' END AS utm_medium,
    CASE WHEN slot BETWEEN 8 AND 11 THEN (ARRAY['Brand Search', 'brand_search', 'Generic - Shoes', 'Shopping | All'])[1 + i % 4]
         WHEN slot BETWEEN 12 AND 14 THEN (ARRAY['Prospecting (Spring)', 'Retargeting 7d', 'UGC video'])[1 + i % 3]
         WHEN slot IN (16, 17) THEN 'Newsletter week ' || (i % 13) END AS utm_campaign,
    CASE WHEN slot BETWEEN 8 AND 11 THEN 'gclid' WHEN slot BETWEEN 12 AND 14 THEN 'fbclid' WHEN slot = 15 THEN 'ttclid' WHEN slot = 19 THEN 'msclkid' END AS click_id_type,
    CASE WHEN slot < 5 THEN 'direct' WHEN slot < 8 THEN 'organic' WHEN slot < 12 THEN 'google' WHEN slot < 15 THEN 'facebook'
         WHEN slot = 15 THEN 'tiktok' WHEN slot < 18 THEN 'email' WHEN slot = 18 THEN 'referral' ELSE 'bing' END AS channel
  FROM s
), ins_sessions AS (
  INSERT INTO tracked_sessions (workspace_id, id, anonymous_id, started_at, ended_at, day, landing_page, referrer, utm_source, utm_medium, utm_campaign,
    click_id, click_id_type, channel, device, event_count, page_views, engaged_ms, is_bot, bot_reason)
  SELECT $3, id, anon, start, start + interval '20 minutes', start::date, 'https://shop.example/p/' || (i % 40), referrer, utm_source, utm_medium, utm_campaign,
    CASE WHEN click_id_type IS NOT NULL THEN 'click-' || i END, click_id_type, channel, (ARRAY['desktop','mobile','tablet'])[1 + i % 3],
    5, 3, 0, bot, CASE WHEN bot THEN 'user_agent' END
  FROM src
  RETURNING 1
), ${SESSION_EVENTS_SQL}`;

// Every browser is a visitor; two in ten share a person with another browser.
const VISITORS_SQL = `
INSERT INTO visitors (workspace_id, anonymous_id, first_seen_at, last_seen_at, person_key, identified_at)
SELECT $1, 'b' || b, $3::timestamp, $3::timestamp + make_interval(days => $4::int),
  CASE WHEN b % 10 < 2 THEN 'e:' || md5('person-' || (b / 10)) END, CASE WHEN b % 10 < 2 THEN $3::timestamp END
FROM generate_series(0, $2::int - 1) AS b`;

// Order k is placed 15 minutes into session k * stride + 3, by that session's browser, who is
// store customer (browser number + 1), except every tenth order, a guest's. One line each.
const ORDER_ROWS = `
  SELECT k, k + 1 AS order_id, s.anonymous_id AS anon, s.started_at + interval '15 minutes' AS at,
    CASE WHEN k % 10 <> 9 THEN substring(s.anonymous_id FROM 2)::bigint + 1 END AS customer_id,
    (19 + (k * 37) % 180)::numeric + 0.99 AS price, 1 + k % 2 AS quantity
  FROM generate_series(0, $3::int - 1) AS k
  JOIN tracked_sessions s ON s.workspace_id = $1 AND s.id = md5((k * $4::int + 3)::text)`;

const ORDERS_SQL = `
WITH o AS (${ORDER_ROWS}), ins_lines AS (
  INSERT INTO order_line_items (workspace_id, connection_id, external_id, order_id, title, quantity, unit_price, total_discount)
  SELECT $1, $2, order_id, order_id, 'Widget ' || (k % 30), quantity, price, CASE WHEN k % 7 = 0 THEN 5 ELSE 0 END FROM o
  RETURNING 1
), ins_links AS (
  -- How the order can be found: the checkout's order id (six in ten), the customer id seen on
  -- the browser (two), the customer's email hash (one); guests leave nothing.
  INSERT INTO identity_links (workspace_id, anonymous_id, kind, value, method, message_id, first_seen_at, last_seen_at)
  SELECT $1, anon, l.kind, l.value, l.method, 'm-' || k, at, at FROM o
  CROSS JOIN LATERAL (VALUES (
    CASE WHEN k % 10 < 6 THEN 'order' WHEN k % 10 < 8 THEN 'customer' ELSE 'email' END,
    CASE WHEN k % 10 < 6 THEN order_id::text WHEN k % 10 < 8 THEN customer_id::text ELSE md5('c' || customer_id) END,
    CASE WHEN k % 10 < 6 THEN 'checkout_completed' ELSE 'identify' END
  )) AS l(kind, value, method)
  WHERE k % 10 <> 9
  ON CONFLICT DO NOTHING
  RETURNING 1
)
INSERT INTO orders (workspace_id, connection_id, external_id, name, created_at, processed_at, updated_at, currency, presentment_currency,
  subtotal, total_discounts, total_shipping, total_tax, total_price, current_total_price, presentment_total_price, financial_status, customer_id)
SELECT $1, $2, order_id, '#' || (1000 + k), at, at, at, 'USD', 'USD',
  price * quantity, 0, 4.95, 0, price * quantity + 4.95, price * quantity + 4.95, price * quantity + 4.95, 'paid', customer_id
FROM o`;

const CUSTOMERS_SQL = `
INSERT INTO customers (workspace_id, connection_id, external_id, email_hash, orders_count, tags, created_at, updated_at)
SELECT $1, $2, customer_id, md5('c' || customer_id), count(*), '{}', min(processed_at), max(processed_at)
FROM orders WHERE workspace_id = $1 AND connection_id = $2 AND customer_id IS NOT NULL
GROUP BY customer_id`;

/** Loads the store; returns the tracked events written. */
export async function loadStore(shape: TStoreShape): Promise<{ events: number }> {
  const { getPool } = await import("../lib/db/pool");
  const pool = getPool();
  const start = `${shape.firstDay}T00:00:00`;
  const events = await pool.query(SESSIONS_SQL, [shape.sessions, browsersOf(shape), shape.workspaceId, start, shape.days]);
  await pool.query(VISITORS_SQL, [shape.workspaceId, browsersOf(shape), start, shape.days]);
  await pool.query(ORDERS_SQL, [shape.workspaceId, shape.connectionId, shape.orders, orderStride(shape)]);
  await pool.query(CUSTOMERS_SQL, [shape.workspaceId, shape.connectionId]);
  for (const table of ["tracked_events", "tracked_sessions", "visitors", "identity_links", "orders", "order_line_items", "customers"]) {
    await pool.query(`VACUUM ANALYZE ${table}`);
  }
  return { events: events.rowCount ?? 0 };
}

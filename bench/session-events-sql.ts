// The events of generated sessions, shared by the benches that write tracking data set-based:
// page views and an engagement, then product views, carts, checkouts and completed checkouts at
// shrinking rates. Reads a CTE `s` (i, anon, id, start, bot, r: 0-99 picking the session's depth)
// and writes to workspace $3; ends the statement.
export const SESSION_EVENTS_SQL = `
steps AS (
  SELECT s.*, e.name, e.k, e.offset_s FROM s
  CROSS JOIN LATERAL (VALUES
    ('page_view', 0, 0), ('page_view', 1, 40), ('page_view', 2, 90), ('engagement', 3, 100),
    ('product_viewed', 4, 120), ('product_added_to_cart', 5, 200), ('checkout_started', 6, 400), ('checkout_completed', 7, 700)
  ) AS e(name, k, offset_s)
  WHERE e.k = 0 OR e.k = 3 OR (e.k IN (1, 2) AND s.r % 3 >= e.k - 1) OR (e.k = 4 AND s.r < 50) OR (e.k = 5 AND s.r < 15)
     OR (e.k = 6 AND s.r < 6) OR (e.k = 7 AND s.r < 3)
)
INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, page_url, properties, context, source, is_bot, session_id)
SELECT $3, id || '-' || k, name, start + offset_s * interval '1 second', start, anon, 'https://shop.example/p/' || (i % 40), '{}', '{}', 'browser', bot, id
FROM steps`;

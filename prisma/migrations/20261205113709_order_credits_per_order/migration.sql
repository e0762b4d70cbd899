-- Credits move from one row per model, window, paid-only flag, channel, platform, campaign and day
-- to one row per order holding them all (lib/attribution/credit-store.ts). The stored credits are
-- converted, not dropped: the next recompute of an order takes exactly them out of
-- attribution_daily. Converted credits name one window each (from = to).
ALTER TABLE "attribution_order_credits" RENAME TO "attribution_order_credits_rows";
ALTER TABLE "attribution_order_credits_rows" RENAME CONSTRAINT "attribution_order_credits_pkey" TO "attribution_order_credits_rows_pkey";

-- CreateTable
CREATE TABLE "attribution_order_credits" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "credits" JSON NOT NULL,

    CONSTRAINT "attribution_order_credits_pkey" PRIMARY KEY ("workspace_id","connection_id","order_id")
);

WITH numbered AS (
  SELECT r.*, dense_rank() OVER (PARTITION BY workspace_id, connection_id, order_id ORDER BY channel, platform, campaign, touch_day) - 1 AS g
  FROM "attribution_order_credits_rows" r
),
groups AS (
  SELECT workspace_id, connection_id, order_id,
         json_agg(json_build_array(channel, platform, campaign, to_char(touch_day, 'YYYY-MM-DD')) ORDER BY g) AS g
  FROM (SELECT DISTINCT workspace_id, connection_id, order_id, g, channel, platform, campaign, touch_day FROM numbered) d
  GROUP BY 1, 2, 3
),
per_model AS (
  SELECT n.workspace_id, n.connection_id, n.order_id, n.model,
         json_agg(v.value ORDER BY n.paid_only, n.window_days, n.g, v.i) AS credits
  FROM numbered n
  CROSS JOIN LATERAL (VALUES
    (1, to_json(CASE WHEN n.paid_only THEN 1 ELSE 0 END)),
    (2, to_json(n.window_days)),
    (3, to_json(n.window_days)),
    (4, to_json(n.g)),
    (5, CASE WHEN abs(n.orders_micro) <= 9007199254740991 THEN to_json(n.orders_micro) ELSE to_json(n.orders_micro::text) END),
    (6, CASE WHEN abs(n.revenue_minor) <= 9007199254740991 THEN to_json(n.revenue_minor) ELSE to_json(n.revenue_minor::text) END)
  ) AS v(i, value)
  GROUP BY 1, 2, 3, 4
),
per_order AS (
  SELECT workspace_id, connection_id, order_id, json_object_agg(model, credits) AS c
  FROM per_model
  GROUP BY 1, 2, 3
)
INSERT INTO "attribution_order_credits" (workspace_id, connection_id, order_id, credits)
SELECT g.workspace_id, g.connection_id, g.order_id, json_build_object('g', g.g, 'c', o.c)
FROM groups g
JOIN per_order o ON o.workspace_id = g.workspace_id AND o.connection_id = g.connection_id AND o.order_id = g.order_id;

DROP TABLE "attribution_order_credits_rows";

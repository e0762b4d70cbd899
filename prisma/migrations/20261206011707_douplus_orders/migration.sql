-- CreateTable
CREATE TABLE "douplus_orders" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "budget_fen" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "order_created_at" TIMESTAMPTZ(3) NOT NULL,
    "raw" JSONB NOT NULL,
    "sync_version" INTEGER NOT NULL DEFAULT 1,
    "last_synced_at" TIMESTAMPTZ(3) NOT NULL,
    "cost_fen" BIGINT NOT NULL DEFAULT 0,
    "plays" BIGINT NOT NULL DEFAULT 0,
    "likes" BIGINT NOT NULL DEFAULT 0,
    "shares" BIGINT NOT NULL DEFAULT 0,
    "comments" BIGINT NOT NULL DEFAULT 0,
    "follows" BIGINT NOT NULL DEFAULT 0,
    "conversions" BIGINT NOT NULL DEFAULT 0,
    "completion_5s" DECIMAL(7,6),
    "last_bucket_at" TIMESTAMPTZ(3),

    CONSTRAINT "douplus_orders_pkey" PRIMARY KEY ("workspace_id","connection_id","order_id")
);

-- CreateTable
CREATE TABLE "douplus_buckets" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "bucket_at" TIMESTAMPTZ(3) NOT NULL,
    "item_id" TEXT NOT NULL,
    "cost_fen" BIGINT NOT NULL,
    "plays" BIGINT NOT NULL,
    "likes" BIGINT NOT NULL,
    "shares" BIGINT NOT NULL,
    "comments" BIGINT NOT NULL,
    "follows" BIGINT NOT NULL,
    "conversions" BIGINT NOT NULL,
    "completion_5s" DECIMAL(7,6),
    "convert_cost_fen" BIGINT,
    "unknown_order" BOOLEAN NOT NULL DEFAULT false,
    "pulled_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "douplus_buckets_pkey" PRIMARY KEY ("workspace_id","connection_id","order_id","bucket_at")
);

-- CreateTable
CREATE TABLE "douplus_aggregates" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "order_count" INTEGER NOT NULL,
    "cost_fen" BIGINT NOT NULL,
    "plays" BIGINT NOT NULL,
    "likes" BIGINT NOT NULL,
    "shares" BIGINT NOT NULL,
    "conversions" BIGINT NOT NULL,
    "plays_per_100_yuan" DECIMAL(20,4),
    "like_rate" DECIMAL(12,6),
    "share_rate" DECIMAL(12,6),
    "avg_convert_cost_fen" DECIMAL(20,2),
    "avg_completion_5s" DECIMAL(7,6),
    "computed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "douplus_aggregates_pkey" PRIMARY KEY ("workspace_id","connection_id","level","period","item_id")
);

-- CreateTable
CREATE TABLE "douplus_sync_state" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "full_synced_at" TIMESTAMPTZ(3),
    "orders_synced_at" TIMESTAMPTZ(3),
    "stats_synced_at" TIMESTAMPTZ(3),
    "aggregated_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_error_at" TIMESTAMPTZ(3),

    CONSTRAINT "douplus_sync_state_pkey" PRIMARY KEY ("workspace_id","connection_id")
);

-- CreateTable
CREATE TABLE "douplus_issues" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "raw" JSONB,
    "seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "douplus_issues_pkey" PRIMARY KEY ("workspace_id","connection_id","kind","subject")
);

-- CreateIndex
CREATE INDEX "douplus_orders_workspace_id_cost_fen_order_id_idx" ON "douplus_orders"("workspace_id", "cost_fen" DESC, "order_id");

-- CreateIndex
CREATE INDEX "douplus_orders_workspace_id_order_created_at_order_id_idx" ON "douplus_orders"("workspace_id", "order_created_at" DESC, "order_id");

-- CreateIndex
CREATE INDEX "douplus_orders_workspace_id_plays_order_id_idx" ON "douplus_orders"("workspace_id", "plays" DESC, "order_id");

-- CreateIndex
CREATE INDEX "douplus_orders_workspace_id_item_id_idx" ON "douplus_orders"("workspace_id", "item_id");

-- CreateIndex
CREATE INDEX "douplus_orders_workspace_id_status_cost_fen_idx" ON "douplus_orders"("workspace_id", "status", "cost_fen" DESC);

-- CreateIndex
CREATE INDEX "douplus_orders_workspace_id_connection_id_cost_fen_idx" ON "douplus_orders"("workspace_id", "connection_id", "cost_fen" DESC);

-- CreateIndex
CREATE INDEX "douplus_buckets_workspace_id_connection_id_bucket_at_idx" ON "douplus_buckets"("workspace_id", "connection_id", "bucket_at");

-- CreateIndex
CREATE INDEX "douplus_aggregates_workspace_id_level_period_cost_fen_idx" ON "douplus_aggregates"("workspace_id", "level", "period", "cost_fen" DESC);

-- DropIndex
DROP INDEX "douplus_orders_workspace_id_cost_fen_order_id_idx";

-- DropIndex
DROP INDEX "douplus_orders_workspace_id_order_created_at_order_id_idx";

-- DropIndex
DROP INDEX "douplus_orders_workspace_id_plays_order_id_idx";

-- CreateIndex
CREATE INDEX "douplus_orders_workspace_id_cost_fen_order_id_idx" ON "douplus_orders"("workspace_id", "cost_fen" DESC, "order_id" DESC);

-- CreateIndex
CREATE INDEX "douplus_orders_workspace_id_order_created_at_order_id_idx" ON "douplus_orders"("workspace_id", "order_created_at" DESC, "order_id" DESC);

-- CreateIndex
CREATE INDEX "douplus_orders_workspace_id_plays_order_id_idx" ON "douplus_orders"("workspace_id", "plays" DESC, "order_id" DESC);

-- CreateIndex
CREATE INDEX "douplus_orders_workspace_id_likes_order_id_idx" ON "douplus_orders"("workspace_id", "likes" DESC, "order_id" DESC);

-- CreateIndex
CREATE INDEX "douplus_orders_workspace_id_conversions_order_id_idx" ON "douplus_orders"("workspace_id", "conversions" DESC, "order_id" DESC);

-- CreateIndex
CREATE INDEX "douplus_orders_workspace_id_budget_fen_order_id_idx" ON "douplus_orders"("workspace_id", "budget_fen" DESC, "order_id" DESC);

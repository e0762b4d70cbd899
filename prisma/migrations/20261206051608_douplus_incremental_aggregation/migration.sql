-- AlterTable
ALTER TABLE "douplus_aggregates" ADD COLUMN     "completion_plays" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "completion_weight" DECIMAL(24,6) NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "douplus_orders" ADD COLUMN     "aggregate_pending" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "douplus_orders_workspace_id_aggregate_pending_idx" ON "douplus_orders"("workspace_id", "aggregate_pending");

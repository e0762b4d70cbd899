-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "risk_level" TEXT,
ADD COLUMN     "taxes_included" BOOLEAN;

-- CreateTable
CREATE TABLE "exception_orders" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "order_name" TEXT NOT NULL,
    "ordered_at" TIMESTAMP(3) NOT NULL,
    "channel" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "total_price" DECIMAL(20,4) NOT NULL,
    "financial_status" TEXT,
    "reasons" TEXT[],
    "detected_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "exception_orders_pkey" PRIMARY KEY ("workspace_id","connection_id","order_id")
);

-- CreateTable
CREATE TABLE "exception_order_checks" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "due_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "exception_order_checks_pkey" PRIMARY KEY ("workspace_id","connection_id","order_id")
);

-- CreateIndex
CREATE INDEX "exception_orders_workspace_id_ordered_at_idx" ON "exception_orders"("workspace_id", "ordered_at");

-- CreateIndex
CREATE INDEX "exception_order_checks_due_at_idx" ON "exception_order_checks"("due_at");

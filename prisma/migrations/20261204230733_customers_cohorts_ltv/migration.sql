-- CreateEnum
CREATE TYPE "LtvModelStatus" AS ENUM ('fitted', 'not_enough_data', 'failed');

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "country_code" CHAR(2),
ADD COLUMN     "discount_codes" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "customer_profiles" (
    "workspace_id" TEXT NOT NULL,
    "customer_key" TEXT NOT NULL,
    "email_hash" TEXT,
    "store_ids" TEXT[],
    "first_connection_id" TEXT NOT NULL,
    "first_order_id" BIGINT NOT NULL,
    "first_order_at" TIMESTAMP(3) NOT NULL,
    "first_day" DATE NOT NULL,
    "first_channel" TEXT NOT NULL,
    "first_products" TEXT[],
    "first_product_titles" TEXT[],
    "first_groups" TEXT[],
    "first_discount_codes" TEXT[],
    "country" CHAR(2),
    "tags" TEXT[],
    "orders" INTEGER NOT NULL,
    "net_sales" DECIMAL(20,4) NOT NULL,
    "gross_profit" DECIMAL(20,4) NOT NULL,
    "last_order_at" TIMESTAMP(3) NOT NULL,
    "last_day" DATE NOT NULL,
    "p_active" DOUBLE PRECISION,
    "expected_orders_365" DOUBLE PRECISION,
    "predicted_90" DECIMAL(20,4),
    "predicted_180" DECIMAL(20,4),
    "predicted_365" DECIMAL(20,4),
    "predicted_ltv_12m" DECIMAL(20,4),
    "predicted_at" TIMESTAMP(3),

    CONSTRAINT "customer_profiles_pkey" PRIMARY KEY ("workspace_id","customer_key")
);

-- CreateTable
CREATE TABLE "customer_events" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "refund_id" BIGINT NOT NULL,
    "customer_key" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "is_order" BOOLEAN NOT NULL,
    "net_sales" DECIMAL(20,4) NOT NULL,
    "gross_profit" DECIMAL(20,4) NOT NULL,
    "unconverted" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "customer_events_pkey" PRIMARY KEY ("workspace_id","connection_id","order_id","refund_id")
);

-- CreateTable
CREATE TABLE "cohort_cells" (
    "workspace_id" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "segment_value" TEXT NOT NULL,
    "cohort" DATE NOT NULL,
    "period_offset" INTEGER NOT NULL,
    "customers" INTEGER NOT NULL,
    "active_customers" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL,
    "new_repeaters" INTEGER NOT NULL,
    "net_sales" DECIMAL(20,4) NOT NULL,
    "gross_profit" DECIMAL(20,4) NOT NULL,
    "unconverted_events" INTEGER NOT NULL,

    CONSTRAINT "cohort_cells_pkey" PRIMARY KEY ("workspace_id","grain","segment","segment_value","cohort","period_offset")
);

-- CreateTable
CREATE TABLE "ltv_models" (
    "workspace_id" TEXT NOT NULL,
    "status" "LtvModelStatus" NOT NULL,
    "reason" TEXT,
    "parameters" JSONB,
    "customers" INTEGER NOT NULL,
    "repeat_customers" INTEGER NOT NULL,
    "calibration_end" DATE NOT NULL,
    "backtest" JSONB,
    "cohorts" JSONB NOT NULL DEFAULT '[]',
    "duration_ms" INTEGER NOT NULL,
    "fitted_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ltv_models_pkey" PRIMARY KEY ("workspace_id")
);

-- CreateIndex
CREATE INDEX "customer_profiles_workspace_id_first_day_idx" ON "customer_profiles"("workspace_id", "first_day");

-- CreateIndex
CREATE INDEX "customer_profiles_workspace_id_last_order_at_idx" ON "customer_profiles"("workspace_id", "last_order_at" DESC);

-- CreateIndex
CREATE INDEX "customer_events_workspace_id_customer_key_idx" ON "customer_events"("workspace_id", "customer_key");

-- CreateIndex
CREATE INDEX "customer_events_workspace_id_day_idx" ON "customer_events"("workspace_id", "day");

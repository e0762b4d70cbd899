-- CreateEnum
CREATE TYPE "RevenueBasis" AS ENUM ('order_date', 'transaction_date');

-- CreateTable
CREATE TABLE "metric_settings" (
    "workspace_id" TEXT NOT NULL,
    "excluded_line_items" JSONB NOT NULL DEFAULT '[{"field": "title", "value": "Shipping Fee"}]',
    "revenue_basis" "RevenueBasis" NOT NULL DEFAULT 'transaction_date',
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "metric_settings_pkey" PRIMARY KEY ("workspace_id")
);

-- CreateTable
CREATE TABLE "sales_daily" (
    "workspace_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "channel" TEXT NOT NULL,
    "product_group" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "gross_sales" DECIMAL(20,4) NOT NULL,
    "discounts" DECIMAL(20,4) NOT NULL,
    "returns" DECIMAL(20,4) NOT NULL,
    "shipping" DECIMAL(20,4) NOT NULL,
    "taxes" DECIMAL(20,4) NOT NULL,
    "orders" INTEGER NOT NULL,
    "units" INTEGER NOT NULL,
    "new_customers" INTEGER NOT NULL,
    "returning_customers" INTEGER NOT NULL,
    "computed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sales_daily_pkey" PRIMARY KEY ("workspace_id","day","channel","product_group","currency")
);

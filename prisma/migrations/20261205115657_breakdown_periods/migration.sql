-- CreateTable
CREATE TABLE "product_sales_periods" (
    "workspace_id" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "period" DATE NOT NULL,
    "fx_day" DATE NOT NULL,
    "channel" TEXT NOT NULL,
    "product_key" TEXT NOT NULL,
    "variant_key" TEXT NOT NULL,
    "product_type" TEXT NOT NULL,
    "vendor" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "gross_sales" DECIMAL(20,4) NOT NULL,
    "discounts" DECIMAL(20,4) NOT NULL,
    "returns" DECIMAL(20,4) NOT NULL,
    "cogs" DECIMAL(20,4) NOT NULL,
    "units_without_cost" BIGINT NOT NULL,
    "units" BIGINT NOT NULL,
    "units_returned" BIGINT NOT NULL,

    CONSTRAINT "product_sales_periods_pkey" PRIMARY KEY ("workspace_id","grain","period","product_key","variant_key","channel","country","product_type","vendor","currency","fx_day")
);

-- CreateTable
CREATE TABLE "order_sales_periods" (
    "workspace_id" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "period" DATE NOT NULL,
    "fx_day" DATE NOT NULL,
    "channel" TEXT NOT NULL,
    "sales_channel" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "customer_type" TEXT NOT NULL,
    "discount_code" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "gross_sales" DECIMAL(20,4) NOT NULL,
    "discounts" DECIMAL(20,4) NOT NULL,
    "returns" DECIMAL(20,4) NOT NULL,
    "shipping" DECIMAL(20,4) NOT NULL,
    "taxes" DECIMAL(20,4) NOT NULL,
    "cogs" DECIMAL(20,4) NOT NULL,
    "units_without_cost" BIGINT NOT NULL,
    "orders" BIGINT NOT NULL,
    "units" BIGINT NOT NULL,

    CONSTRAINT "order_sales_periods_pkey" PRIMARY KEY ("workspace_id","grain","period","channel","sales_channel","country","region","customer_type","discount_code","currency","fx_day")
);

-- Workspaces whose week and month rollups were built before these tables existed read their
-- daily rollups (lib/metrics/report/workspace.ts: periodsReady) until their next rollup refresh
-- rebuilds every period, the new tables included (refreshPeriodRollups).
UPDATE "rollup_revisions" SET "period_currency" = NULL;

-- CreateTable
CREATE TABLE "product_country_daily" (
    "workspace_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "product_key" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "gross_sales" DECIMAL(20,4) NOT NULL,
    "discounts" DECIMAL(20,4) NOT NULL,
    "returns" DECIMAL(20,4) NOT NULL,
    "cogs" DECIMAL(20,4) NOT NULL,
    "units_without_cost" INTEGER NOT NULL,
    "units" INTEGER NOT NULL,
    "units_returned" INTEGER NOT NULL,

    CONSTRAINT "product_country_daily_pkey" PRIMARY KEY ("workspace_id","day","product_key","country","currency")
);

-- CreateTable
CREATE TABLE "product_country_periods" (
    "workspace_id" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "period" DATE NOT NULL,
    "fx_day" DATE NOT NULL,
    "product_key" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "gross_sales" DECIMAL(20,4) NOT NULL,
    "discounts" DECIMAL(20,4) NOT NULL,
    "returns" DECIMAL(20,4) NOT NULL,
    "cogs" DECIMAL(20,4) NOT NULL,
    "units_without_cost" BIGINT NOT NULL,
    "units" BIGINT NOT NULL,
    "units_returned" BIGINT NOT NULL,

    CONSTRAINT "product_country_periods_pkey" PRIMARY KEY ("workspace_id","grain","period","product_key","country","currency","fx_day")
);

-- Existing workspaces: both are sums of the product rollups already built, so they start filled
-- (a product breakdown reads them from now on).
INSERT INTO "product_country_daily" ("workspace_id", "day", "product_key", "country", "currency", "gross_sales", "discounts", "returns", "cogs", "units_without_cost", "units", "units_returned")
SELECT "workspace_id", "day", "product_key", "country", "currency", sum("gross_sales"), sum("discounts"), sum("returns"), sum("cogs"), sum("units_without_cost"), sum("units"), sum("units_returned")
FROM "product_sales_daily"
GROUP BY "workspace_id", "day", "product_key", "country", "currency";

INSERT INTO "product_country_periods" ("workspace_id", "grain", "period", "fx_day", "product_key", "country", "currency", "gross_sales", "discounts", "returns", "cogs", "units_without_cost", "units", "units_returned")
SELECT "workspace_id", "grain", "period", "fx_day", "product_key", "country", "currency", sum("gross_sales"), sum("discounts"), sum("returns"), sum("cogs"), sum("units_without_cost"), sum("units"), sum("units_returned")
FROM "product_sales_periods"
GROUP BY "workspace_id", "grain", "period", "fx_day", "product_key", "country", "currency";

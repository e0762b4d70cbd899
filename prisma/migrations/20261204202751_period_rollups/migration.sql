-- CreateTable
CREATE TABLE "sales_periods" (
    "workspace_id" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "period" DATE NOT NULL,
    "fx_day" DATE NOT NULL,
    "channel" TEXT NOT NULL,
    "product_group" TEXT NOT NULL,
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

    CONSTRAINT "sales_periods_pkey" PRIMARY KEY ("workspace_id","grain","period","product_group","channel","currency","fx_day")
);

-- CreateTable
CREATE TABLE "ad_periods" (
    "workspace_id" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "period" DATE NOT NULL,
    "fx_day" DATE NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "campaign_id" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "spend" DECIMAL(20,4) NOT NULL,
    "revenue" DECIMAL(20,4) NOT NULL,
    "impressions" BIGINT NOT NULL,
    "clicks" BIGINT NOT NULL,
    "conversions" DECIMAL(20,4) NOT NULL,

    CONSTRAINT "ad_periods_pkey" PRIMARY KEY ("workspace_id","grain","period","platform","campaign_id","currency","fx_day")
);

-- CreateTable
CREATE TABLE "sessions_periods" (
    "workspace_id" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "period" DATE NOT NULL,
    "channel" TEXT NOT NULL,
    "sessions" BIGINT NOT NULL,
    "users" BIGINT NOT NULL,

    CONSTRAINT "sessions_periods_pkey" PRIMARY KEY ("workspace_id","grain","period","channel")
);

-- CreateTable
CREATE TABLE "rollup_revisions" (
    "workspace_id" TEXT NOT NULL,
    "revision" BIGINT NOT NULL DEFAULT 0,
    "period_currency" CHAR(3),

    CONSTRAINT "rollup_revisions_pkey" PRIMARY KEY ("workspace_id")
);


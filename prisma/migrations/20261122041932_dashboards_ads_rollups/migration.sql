-- CreateEnum
CREATE TYPE "RebuildStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateEnum
CREATE TYPE "DashboardWidgetType" AS ENUM ('kpi', 'line', 'area', 'bar', 'table', 'bar_list', 'donut');

-- CreateEnum
CREATE TYPE "ImportKind" AS ENUM ('orders', 'ad_spend');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "Provider" ADD VALUE 'google_ads';
ALTER TYPE "Provider" ADD VALUE 'meta_ads';
ALTER TYPE "Provider" ADD VALUE 'tiktok_ads';
ALTER TYPE "Provider" ADD VALUE 'google_analytics';
ALTER TYPE "Provider" ADD VALUE 'import';

-- AlterTable
ALTER TABLE "sales_daily" DROP COLUMN "new_customers",
DROP COLUMN "returning_customers",
ADD COLUMN     "cogs" DECIMAL(20,4) NOT NULL DEFAULT 0,
ADD COLUMN     "units_without_cost" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ad_campaigns" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "campaign_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ad_campaigns_pkey" PRIMARY KEY ("workspace_id","connection_id","campaign_id")
);

-- CreateTable
CREATE TABLE "ad_insights_daily" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "campaign_id" TEXT NOT NULL,
    "ad_group_id" TEXT NOT NULL DEFAULT '',
    "day" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "spend" DECIMAL(20,4) NOT NULL,
    "impressions" BIGINT NOT NULL,
    "clicks" BIGINT NOT NULL,
    "conversions" DECIMAL(20,4) NOT NULL,
    "conversion_value" DECIMAL(20,4) NOT NULL,
    "synced_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ad_insights_daily_pkey" PRIMARY KEY ("workspace_id","connection_id","campaign_id","ad_group_id","day")
);

-- CreateTable
CREATE TABLE "traffic_daily" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "channel_group" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "medium" TEXT NOT NULL,
    "sessions" INTEGER NOT NULL,
    "users" INTEGER NOT NULL,
    "transactions" INTEGER NOT NULL,
    "purchase_revenue" DECIMAL(20,4) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "synced_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "traffic_daily_pkey" PRIMARY KEY ("workspace_id","connection_id","day","channel_group","source","medium")
);

-- CreateTable
CREATE TABLE "customer_daily" (
    "workspace_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "channel" TEXT NOT NULL,
    "previous_day" DATE NOT NULL,
    "customers" INTEGER NOT NULL,

    CONSTRAINT "customer_daily_pkey" PRIMARY KEY ("workspace_id","day","channel","previous_day")
);

-- CreateTable
CREATE TABLE "ad_daily" (
    "workspace_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "campaign_id" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "spend" DECIMAL(20,4) NOT NULL,
    "revenue" DECIMAL(20,4) NOT NULL,
    "impressions" BIGINT NOT NULL,
    "clicks" BIGINT NOT NULL,
    "conversions" DECIMAL(20,4) NOT NULL,

    CONSTRAINT "ad_daily_pkey" PRIMARY KEY ("workspace_id","day","platform","campaign_id","currency")
);

-- CreateTable
CREATE TABLE "sessions_daily" (
    "workspace_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "channel" TEXT NOT NULL,
    "sessions" INTEGER NOT NULL,
    "users" INTEGER NOT NULL,

    CONSTRAINT "sessions_daily_pkey" PRIMARY KEY ("workspace_id","day","channel")
);

-- CreateTable
CREATE TABLE "rollup_dirty_days" (
    "workspace_id" TEXT NOT NULL,
    "family" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "marked_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rollup_dirty_days_pkey" PRIMARY KEY ("workspace_id","family","day")
);

-- CreateTable
CREATE TABLE "rollup_rebuilds" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "RebuildStatus" NOT NULL DEFAULT 'queued',
    "from_day" DATE NOT NULL,
    "to_day" DATE NOT NULL,
    "days_total" INTEGER NOT NULL,
    "days_done" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "queued_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "rollup_rebuilds_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "product_groups" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rules" JSONB NOT NULL DEFAULT '[]',
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "product_groups_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "unit_costs" (
    "workspace_id" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "unit_cost" DECIMAL(20,4) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "unit_costs_pkey" PRIMARY KEY ("workspace_id","field","value")
);

-- CreateTable
CREATE TABLE "exchange_rates" (
    "day" DATE NOT NULL,
    "base" CHAR(3) NOT NULL,
    "quote" CHAR(3) NOT NULL,
    "rate" DECIMAL(24,10) NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "exchange_rates_pkey" PRIMARY KEY ("base","quote","day")
);

-- CreateTable
CREATE TABLE "dashboards" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "dashboards_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "dashboard_widgets" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "dashboard_id" TEXT NOT NULL,
    "type" "DashboardWidgetType" NOT NULL,
    "title" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "x" INTEGER NOT NULL,
    "y" INTEGER NOT NULL,
    "w" INTEGER NOT NULL,
    "h" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "dashboard_widgets_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "data_imports" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "kind" "ImportKind" NOT NULL,
    "file_name" TEXT,
    "rows_total" INTEGER NOT NULL,
    "rows_applied" INTEGER NOT NULL,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "created_by_id" TEXT,
    "api_key_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "data_imports_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateIndex
CREATE INDEX "ad_campaigns_workspace_id_platform_idx" ON "ad_campaigns"("workspace_id", "platform");

-- CreateIndex
CREATE INDEX "ad_insights_daily_workspace_id_day_idx" ON "ad_insights_daily"("workspace_id", "day");

-- CreateIndex
CREATE INDEX "traffic_daily_workspace_id_day_idx" ON "traffic_daily"("workspace_id", "day");

-- CreateIndex
CREATE INDEX "customer_daily_workspace_id_previous_day_idx" ON "customer_daily"("workspace_id", "previous_day");

-- CreateIndex
CREATE INDEX "rollup_rebuilds_workspace_id_queued_at_idx" ON "rollup_rebuilds"("workspace_id", "queued_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "product_groups_workspace_id_key_key" ON "product_groups"("workspace_id", "key");

-- CreateIndex
CREATE INDEX "dashboard_widgets_workspace_id_dashboard_id_idx" ON "dashboard_widgets"("workspace_id", "dashboard_id");

-- CreateIndex
CREATE INDEX "data_imports_workspace_id_created_at_idx" ON "data_imports"("workspace_id", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "dashboard_widgets" ADD CONSTRAINT "dashboard_widgets_workspace_id_dashboard_id_fkey" FOREIGN KEY ("workspace_id", "dashboard_id") REFERENCES "dashboards"("workspace_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

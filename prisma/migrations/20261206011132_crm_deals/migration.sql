-- CreateEnum
CREATE TYPE "CrmDealStatus" AS ENUM ('open', 'won', 'lost');

-- CreateTable
CREATE TABLE "crm_stages" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "pipeline_id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "pipeline_label" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "outcome" "CrmDealStatus" NOT NULL,
    "synced_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "crm_stages_pkey" PRIMARY KEY ("workspace_id","connection_id","pipeline_id","external_id")
);

-- CreateTable
CREATE TABLE "crm_deals" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "converted_minor" BIGINT NOT NULL,
    "converted_currency" CHAR(3) NOT NULL,
    "rate_day" DATE NOT NULL,
    "pipeline_id" TEXT NOT NULL,
    "stage_id" TEXT NOT NULL,
    "status" "CrmDealStatus" NOT NULL,
    "owner_id" TEXT,
    "source" TEXT,
    "channel" TEXT NOT NULL,
    "customer_id" BIGINT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "closed_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL,
    "synced_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "crm_deals_pkey" PRIMARY KEY ("workspace_id","connection_id","external_id")
);

-- CreateTable
CREATE TABLE "crm_stage_entries" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "deal_id" TEXT NOT NULL,
    "pipeline_id" TEXT NOT NULL,
    "stage_id" TEXT NOT NULL,
    "entered_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "crm_stage_entries_pkey" PRIMARY KEY ("workspace_id","connection_id","deal_id","entered_at","stage_id")
);

-- CreateTable
CREATE TABLE "crm_offline_orders" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "deal_id" TEXT NOT NULL,
    "won_at" TIMESTAMP(3) NOT NULL,
    "channel" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "converted_minor" BIGINT NOT NULL,
    "converted_currency" CHAR(3) NOT NULL,
    "customer_id" BIGINT,

    CONSTRAINT "crm_offline_orders_pkey" PRIMARY KEY ("workspace_id","connection_id","deal_id")
);

-- CreateTable
CREATE TABLE "crm_row_errors" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "deal_id" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "crm_row_errors_pkey" PRIMARY KEY ("workspace_id","connection_id","deal_id","field")
);

-- CreateIndex
CREATE INDEX "crm_deals_workspace_id_status_closed_at_idx" ON "crm_deals"("workspace_id", "status", "closed_at");

-- CreateIndex
CREATE INDEX "crm_deals_workspace_id_created_at_idx" ON "crm_deals"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "crm_stage_entries_workspace_id_entered_at_idx" ON "crm_stage_entries"("workspace_id", "entered_at");

-- CreateIndex
CREATE INDEX "crm_offline_orders_workspace_id_won_at_idx" ON "crm_offline_orders"("workspace_id", "won_at");

-- CreateEnum
CREATE TYPE "Provider" AS ENUM ('shopify');

-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('active', 'syncing', 'needs_reauth', 'error', 'disconnected');

-- CreateEnum
CREATE TYPE "SyncKind" AS ENUM ('backfill', 'incremental', 'restatement', 'webhook', 'manual');

-- CreateEnum
CREATE TYPE "SyncStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "orders" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "external_id" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "processed_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL,
    "cancelled_at" TIMESTAMP(3),
    "test" BOOLEAN NOT NULL DEFAULT false,
    "currency" CHAR(3) NOT NULL,
    "presentment_currency" CHAR(3) NOT NULL,
    "subtotal" DECIMAL(20,4) NOT NULL,
    "total_discounts" DECIMAL(20,4) NOT NULL,
    "total_shipping" DECIMAL(20,4) NOT NULL,
    "total_tax" DECIMAL(20,4) NOT NULL,
    "total_price" DECIMAL(20,4) NOT NULL,
    "current_total_price" DECIMAL(20,4) NOT NULL,
    "presentment_total_price" DECIMAL(20,4) NOT NULL,
    "financial_status" TEXT,
    "fulfillment_status" TEXT,
    "customer_id" BIGINT,
    "landing_site" TEXT,
    "referring_site" TEXT,
    "utm_source" TEXT,
    "utm_medium" TEXT,
    "utm_campaign" TEXT,
    "source_name" TEXT,
    "synced_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("workspace_id","connection_id","external_id")
);

-- CreateTable
CREATE TABLE "order_line_items" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "external_id" BIGINT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "product_id" BIGINT,
    "variant_id" BIGINT,
    "sku" TEXT,
    "title" TEXT NOT NULL,
    "variant_title" TEXT,
    "vendor" TEXT,
    "quantity" INTEGER NOT NULL,
    "unit_price" DECIMAL(20,4) NOT NULL,
    "total_discount" DECIMAL(20,4) NOT NULL,
    "unit_cost" DECIMAL(20,4),

    CONSTRAINT "order_line_items_pkey" PRIMARY KEY ("workspace_id","connection_id","external_id")
);

-- CreateTable
CREATE TABLE "refunds" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "external_id" BIGINT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "processed_at" TIMESTAMP(3),
    "total_refunded" DECIMAL(20,4) NOT NULL,
    "shipping_refunded" DECIMAL(20,4) NOT NULL DEFAULT 0,
    "currency" CHAR(3) NOT NULL,

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("workspace_id","connection_id","external_id")
);

-- CreateTable
CREATE TABLE "refund_line_items" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "external_id" BIGINT NOT NULL,
    "refund_id" BIGINT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "line_item_id" BIGINT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "subtotal" DECIMAL(20,4) NOT NULL,
    "total_tax" DECIMAL(20,4) NOT NULL,
    "restock_type" TEXT,

    CONSTRAINT "refund_line_items_pkey" PRIMARY KEY ("workspace_id","connection_id","external_id")
);

-- CreateTable
CREATE TABLE "customers" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "external_id" BIGINT NOT NULL,
    "email_encrypted" TEXT,
    "email_hash" TEXT,
    "first_order_at" TIMESTAMP(3),
    "orders_count" INTEGER NOT NULL DEFAULT 0,
    "tags" TEXT[],
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "redacted_at" TIMESTAMP(3),

    CONSTRAINT "customers_pkey" PRIMARY KEY ("workspace_id","connection_id","external_id")
);

-- CreateTable
CREATE TABLE "products" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "external_id" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "vendor" TEXT,
    "product_type" TEXT,
    "status" TEXT,
    "tags" TEXT[],
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "products_pkey" PRIMARY KEY ("workspace_id","connection_id","external_id")
);

-- CreateTable
CREATE TABLE "product_variants" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "external_id" BIGINT NOT NULL,
    "product_id" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "sku" TEXT,
    "price" DECIMAL(20,4) NOT NULL,
    "unit_cost" DECIMAL(20,4),
    "inventory_item_id" BIGINT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "product_variants_pkey" PRIMARY KEY ("workspace_id","connection_id","external_id")
);

-- CreateTable
CREATE TABLE "connections" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "provider" "Provider" NOT NULL,
    "external_account_id" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "status" "ConnectionStatus" NOT NULL DEFAULT 'active',
    "credentials" TEXT NOT NULL,
    "scopes" TEXT[],
    "time_zone" TEXT,
    "currency" CHAR(3),
    "settings" JSONB NOT NULL DEFAULT '{}',
    "last_sync_at" TIMESTAMP(3),
    "last_success_at" TIMESTAMP(3),
    "next_sync_at" TIMESTAMP(3),
    "next_restatement_at" TIMESTAMP(3),
    "last_error" TEXT,
    "last_error_at" TIMESTAMP(3),
    "alerted_at" TIMESTAMP(3),
    "disconnected_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "connections_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "sync_runs" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "kind" "SyncKind" NOT NULL,
    "status" "SyncStatus" NOT NULL DEFAULT 'queued',
    "range_from" TIMESTAMP(3),
    "range_to" TIMESTAMP(3),
    "rows_read" INTEGER NOT NULL DEFAULT 0,
    "rows_written" INTEGER NOT NULL DEFAULT 0,
    "rows_expected" INTEGER,
    "checkpoint" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "error_code" TEXT,
    "queued_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "sync_runs_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "sync_cursors" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "value" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sync_cursors_pkey" PRIMARY KEY ("workspace_id","connection_id","resource")
);

-- CreateTable
CREATE TABLE "webhook_receipts" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "webhook_receipts_pkey" PRIMARY KEY ("workspace_id","connection_id","webhook_id")
);

-- CreateTable
CREATE TABLE "compliance_requests" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "customer_external_id" BIGINT,
    "action" TEXT NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMP(3),

    CONSTRAINT "compliance_requests_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateIndex
CREATE INDEX "orders_workspace_id_processed_at_idx" ON "orders"("workspace_id", "processed_at");

-- CreateIndex
CREATE INDEX "orders_workspace_id_connection_id_customer_id_idx" ON "orders"("workspace_id", "connection_id", "customer_id");

-- CreateIndex
CREATE INDEX "order_line_items_workspace_id_connection_id_order_id_idx" ON "order_line_items"("workspace_id", "connection_id", "order_id");

-- CreateIndex
CREATE INDEX "refunds_workspace_id_connection_id_order_id_idx" ON "refunds"("workspace_id", "connection_id", "order_id");

-- CreateIndex
CREATE INDEX "refund_line_items_workspace_id_connection_id_refund_id_idx" ON "refund_line_items"("workspace_id", "connection_id", "refund_id");

-- CreateIndex
CREATE INDEX "customers_workspace_id_email_hash_idx" ON "customers"("workspace_id", "email_hash");

-- CreateIndex
CREATE INDEX "product_variants_workspace_id_connection_id_product_id_idx" ON "product_variants"("workspace_id", "connection_id", "product_id");

-- CreateIndex
CREATE INDEX "connections_provider_external_account_id_idx" ON "connections"("provider", "external_account_id");

-- CreateIndex
CREATE INDEX "connections_status_next_sync_at_idx" ON "connections"("status", "next_sync_at");

-- CreateIndex
CREATE UNIQUE INDEX "connections_workspace_id_provider_external_account_id_key" ON "connections"("workspace_id", "provider", "external_account_id");

-- CreateIndex
CREATE INDEX "sync_runs_workspace_id_connection_id_queued_at_idx" ON "sync_runs"("workspace_id", "connection_id", "queued_at" DESC);

-- AddForeignKey
ALTER TABLE "connections" ADD CONSTRAINT "connections_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

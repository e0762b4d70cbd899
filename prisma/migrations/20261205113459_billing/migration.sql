-- CreateEnum
CREATE TYPE "BillingProvider" AS ENUM ('none', 'stripe', 'shopify');

-- CreateEnum
CREATE TYPE "BillingStatus" AS ENUM ('trialing', 'active', 'past_due', 'canceled', 'free');

-- CreateTable
CREATE TABLE "workspace_billing" (
    "workspace_id" TEXT NOT NULL,
    "provider" "BillingProvider" NOT NULL DEFAULT 'none',
    "plan" TEXT NOT NULL,
    "status" "BillingStatus" NOT NULL,
    "trial_ends_at" TIMESTAMP(3),
    "period_ends_at" TIMESTAMP(3),
    "grace_ends_at" TIMESTAMP(3),
    "stripe_customer_id" TEXT,
    "stripe_subscription_id" TEXT,
    "subscription_state_at" TIMESTAMP(3),
    "comp_plan" TEXT,
    "comp_until" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "workspace_billing_pkey" PRIMARY KEY ("workspace_id")
);

-- CreateTable
CREATE TABLE "billing_events" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "stripe_event_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_events_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "stripe_event_receipts" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "customer_id" TEXT,
    "subscription_id" TEXT,
    "workspace_ref" TEXT,
    "event_created_at" TIMESTAMP(3) NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL,
    "processed_at" TIMESTAMP(3),
    "outcome" TEXT,
    "error" TEXT,

    CONSTRAINT "stripe_event_receipts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "workspace_billing_stripe_customer_id_idx" ON "workspace_billing"("stripe_customer_id");

-- CreateIndex
CREATE INDEX "billing_events_workspace_id_created_at_idx" ON "billing_events"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "stripe_event_receipts_processed_at_received_at_idx" ON "stripe_event_receipts"("processed_at", "received_at");

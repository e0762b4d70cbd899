-- CreateTable
CREATE TABLE "owned_message_totals" (
    "workspace_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "template_id" TEXT NOT NULL,
    "campaign_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "period_from" TIMESTAMP(3) NOT NULL,
    "period_to" TIMESTAMP(3) NOT NULL,
    "recipients" INTEGER NOT NULL,
    "delivered" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "unique_opens" INTEGER NOT NULL,
    "unique_clicks" INTEGER NOT NULL,
    "unsubscribes" INTEGER NOT NULL,
    "spam_complaints" INTEGER NOT NULL,
    "conversions" INTEGER NOT NULL,
    "conversion_value" DECIMAL(18,4) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "owned_message_totals_pkey" PRIMARY KEY ("workspace_id","source","template_id")
);

-- CreateIndex
CREATE INDEX "owned_message_totals_workspace_id_campaign_id_idx" ON "owned_message_totals"("workspace_id", "campaign_id");

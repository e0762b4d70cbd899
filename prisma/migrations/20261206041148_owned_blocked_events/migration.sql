-- CreateTable
CREATE TABLE "owned_blocked_events" (
    "workspace_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "campaign_id" TEXT NOT NULL,
    "template_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "day" DATE NOT NULL,

    CONSTRAINT "owned_blocked_events_pkey" PRIMARY KEY ("workspace_id","source","event_id")
);

-- CreateIndex
CREATE INDEX "owned_blocked_events_workspace_id_campaign_id_template_id_r_idx" ON "owned_blocked_events"("workspace_id", "campaign_id", "template_id", "reason", "day");

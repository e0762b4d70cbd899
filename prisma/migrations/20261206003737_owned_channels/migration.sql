-- CreateTable
CREATE TABLE "owned_folders" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "owned_folders_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "owned_campaigns" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "folder_id" TEXT,
    "source" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "connection_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "owned_campaigns_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "owned_templates" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "campaign_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "subject" TEXT,
    "source" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "owned_templates_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "owned_sends" (
    "workspace_id" TEXT NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "send_id" TEXT NOT NULL,
    "campaign_id" TEXT NOT NULL,
    "template_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "connection_id" TEXT,
    "recipient_customer_id" TEXT,
    "recipient_email_hash" TEXT,
    "recipient_phone_hash" TEXT,
    "sent_at" TIMESTAMP(3),
    "sent_day" DATE,
    "status" TEXT NOT NULL,
    "delivered_at" TIMESTAMP(3),
    "provider_code" TEXT,
    "is_test" BOOLEAN NOT NULL DEFAULT false,
    "segments" INTEGER,
    "points" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "owned_sends_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "owned_blocked_sends" (
    "workspace_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "campaign_id" TEXT NOT NULL,
    "template_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "count" INTEGER NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "owned_blocked_sends_pkey" PRIMARY KEY ("workspace_id","campaign_id","template_id","reason","day","source")
);

-- CreateTable
CREATE TABLE "owned_links" (
    "workspace_id" TEXT NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "campaign_id" TEXT NOT NULL,
    "template_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "url_hash" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT 'link',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "owned_links_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "owned_clicks" (
    "workspace_id" TEXT NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "send_id" BIGINT NOT NULL,
    "link_id" BIGINT,
    "url" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "click_id" TEXT NOT NULL,
    "visitor_id" TEXT,
    "ip_hash" TEXT,
    "ip_prefix" TEXT,
    "user_agent_hash" TEXT,
    "user_agent_class" TEXT,
    "human" BOOLEAN,
    "human_checked_at" TIMESTAMP(3),
    "machine" BOOLEAN NOT NULL DEFAULT false,
    "machine_reason" TEXT,

    CONSTRAINT "owned_clicks_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "owned_opens" (
    "workspace_id" TEXT NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "send_id" BIGINT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "click_id" BIGINT,
    "ip_hash" TEXT,
    "ip_prefix" TEXT,
    "user_agent_class" TEXT,
    "machine" BOOLEAN NOT NULL DEFAULT false,
    "machine_reason" TEXT,

    CONSTRAINT "owned_opens_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "owned_send_events" (
    "workspace_id" TEXT NOT NULL,
    "send_id" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "owned_send_events_pkey" PRIMARY KEY ("workspace_id","send_id","kind")
);

-- CreateTable
CREATE TABLE "owned_channel_fees" (
    "workspace_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "fee_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "owned_channel_fees_pkey" PRIMARY KEY ("workspace_id","channel")
);

-- CreateTable
CREATE TABLE "owned_settings" (
    "workspace_id" TEXT NOT NULL,
    "fallback_url" TEXT,
    "cost_in_blended" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "owned_settings_pkey" PRIMARY KEY ("workspace_id")
);

-- CreateTable
CREATE TABLE "owned_conversions" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "send_id" BIGINT NOT NULL,
    "campaign_id" TEXT NOT NULL,
    "template_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "click_id" BIGINT,
    "open_id" BIGINT,
    "session_id" TEXT,
    "anonymous_id" TEXT,
    "order_at" TIMESTAMP(3) NOT NULL,
    "order_day" DATE NOT NULL,
    "revenue_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "attributed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "owned_conversions_pkey" PRIMARY KEY ("workspace_id","connection_id","order_id","kind")
);

-- CreateIndex
CREATE UNIQUE INDEX "owned_folders_workspace_id_name_key" ON "owned_folders"("workspace_id", "name");

-- CreateIndex
CREATE INDEX "owned_campaigns_workspace_id_folder_id_idx" ON "owned_campaigns"("workspace_id", "folder_id");

-- CreateIndex
CREATE UNIQUE INDEX "owned_campaigns_workspace_id_source_external_id_key" ON "owned_campaigns"("workspace_id", "source", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "owned_templates_workspace_id_campaign_id_external_id_key" ON "owned_templates"("workspace_id", "campaign_id", "external_id");

-- CreateIndex
CREATE INDEX "owned_sends_workspace_id_sent_day_campaign_id_template_id_idx" ON "owned_sends"("workspace_id", "sent_day", "campaign_id", "template_id");

-- CreateIndex
CREATE INDEX "owned_sends_workspace_id_recipient_email_hash_sent_at_idx" ON "owned_sends"("workspace_id", "recipient_email_hash", "sent_at");

-- CreateIndex
CREATE INDEX "owned_sends_workspace_id_recipient_customer_id_sent_at_idx" ON "owned_sends"("workspace_id", "recipient_customer_id", "sent_at");

-- CreateIndex
CREATE UNIQUE INDEX "owned_sends_workspace_id_source_send_id_key" ON "owned_sends"("workspace_id", "source", "send_id");

-- CreateIndex
CREATE INDEX "owned_blocked_sends_workspace_id_day_idx" ON "owned_blocked_sends"("workspace_id", "day");

-- CreateIndex
CREATE UNIQUE INDEX "owned_links_workspace_id_template_id_position_url_hash_key" ON "owned_links"("workspace_id", "template_id", "position", "url_hash");

-- CreateIndex
CREATE INDEX "owned_clicks_workspace_id_send_id_at_idx" ON "owned_clicks"("workspace_id", "send_id", "at");

-- CreateIndex
CREATE INDEX "owned_clicks_workspace_id_human_at_idx" ON "owned_clicks"("workspace_id", "human", "at");

-- CreateIndex
CREATE INDEX "owned_clicks_workspace_id_visitor_id_at_idx" ON "owned_clicks"("workspace_id", "visitor_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "owned_clicks_workspace_id_click_id_key" ON "owned_clicks"("workspace_id", "click_id");

-- CreateIndex
CREATE INDEX "owned_opens_workspace_id_send_id_at_idx" ON "owned_opens"("workspace_id", "send_id", "at");

-- CreateIndex
CREATE INDEX "owned_send_events_workspace_id_at_idx" ON "owned_send_events"("workspace_id", "at");

-- CreateIndex
CREATE INDEX "owned_conversions_workspace_id_send_id_idx" ON "owned_conversions"("workspace_id", "send_id");

-- CreateIndex
CREATE INDEX "owned_conversions_workspace_id_order_day_idx" ON "owned_conversions"("workspace_id", "order_day");

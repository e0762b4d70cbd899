-- CreateTable
CREATE TABLE "attribution_touchpoints" (
    "workspace_id" TEXT NOT NULL,
    "source_kind" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "anonymous_id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "day" DATE NOT NULL,
    "channel" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "medium" TEXT NOT NULL,
    "utm_campaign" TEXT,
    "utm_id" TEXT,
    "click_id_type" TEXT,
    "platform" TEXT,
    "campaign_id" TEXT,
    "campaign_match" TEXT,
    "direct" BOOLEAN NOT NULL,
    "paid" BOOLEAN NOT NULL,

    CONSTRAINT "attribution_touchpoints_pkey" PRIMARY KEY ("workspace_id","source_kind","source_id")
);

-- CreateTable
CREATE TABLE "order_attributions" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "method" TEXT NOT NULL,
    "person_key" TEXT,
    "anonymous_id" TEXT,
    "order_at" TIMESTAMP(3) NOT NULL,
    "order_day" DATE NOT NULL,
    "revenue_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "new_customer" BOOLEAN NOT NULL,
    "touches" INTEGER NOT NULL,
    "matched_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "order_attributions_pkey" PRIMARY KEY ("workspace_id","connection_id","order_id")
);

-- CreateTable
CREATE TABLE "attribution_order_credits" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "model" TEXT NOT NULL,
    "window_days" INTEGER NOT NULL,
    "paid_only" BOOLEAN NOT NULL,
    "channel" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "campaign" TEXT NOT NULL,
    "touch_day" DATE NOT NULL,
    "orders_micro" BIGINT NOT NULL,
    "revenue_minor" BIGINT NOT NULL,

    CONSTRAINT "attribution_order_credits_pkey" PRIMARY KEY ("workspace_id","connection_id","order_id","model","window_days","paid_only","channel","platform","campaign","touch_day")
);

-- CreateTable
CREATE TABLE "attribution_daily" (
    "workspace_id" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "model" TEXT NOT NULL,
    "window_days" INTEGER NOT NULL,
    "paid_only" BOOLEAN NOT NULL,
    "channel" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "campaign" TEXT NOT NULL,
    "orders_micro" BIGINT NOT NULL,
    "new_customer_micro" BIGINT NOT NULL,
    "revenue_minor" BIGINT NOT NULL,

    CONSTRAINT "attribution_daily_pkey" PRIMARY KEY ("workspace_id","basis","day","model","window_days","paid_only","channel","platform","campaign")
);

-- CreateTable
CREATE TABLE "attribution_pending" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "queued_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attribution_pending_pkey" PRIMARY KEY ("workspace_id","connection_id","order_id")
);

-- CreateTable
CREATE TABLE "attribution_settings" (
    "workspace_id" TEXT NOT NULL,
    "half_life_days" DOUBLE PRECISION NOT NULL,
    "position_first" DOUBLE PRECISION NOT NULL,
    "position_last" DOUBLE PRECISION NOT NULL,
    "default_model" TEXT NOT NULL,
    "default_window" INTEGER NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "attribution_settings_pkey" PRIMARY KEY ("workspace_id")
);

-- CreateTable
CREATE TABLE "attribution_fits" (
    "workspace_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "fit" JSONB NOT NULL,
    "paths" INTEGER NOT NULL,
    "conversions" INTEGER NOT NULL,
    "window_days" INTEGER NOT NULL,
    "fitted_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "attribution_fits_pkey" PRIMARY KEY ("workspace_id","model")
);

-- CreateIndex
CREATE INDEX "attribution_touchpoints_workspace_id_anonymous_id_at_idx" ON "attribution_touchpoints"("workspace_id", "anonymous_id", "at");

-- CreateIndex
CREATE INDEX "attribution_touchpoints_workspace_id_day_idx" ON "attribution_touchpoints"("workspace_id", "day");

-- CreateIndex
CREATE INDEX "order_attributions_workspace_id_order_day_idx" ON "order_attributions"("workspace_id", "order_day");

-- CreateIndex
CREATE INDEX "order_attributions_workspace_id_person_key_idx" ON "order_attributions"("workspace_id", "person_key");

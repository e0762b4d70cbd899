-- CreateTable
CREATE TABLE "ad_levels_daily" (
    "workspace_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "level" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "campaign_id" TEXT NOT NULL,
    "ad_group_id" TEXT NOT NULL,
    "ad_id" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "spend" DECIMAL(20,4) NOT NULL,
    "revenue" DECIMAL(20,4) NOT NULL,
    "impressions" BIGINT NOT NULL,
    "clicks" BIGINT NOT NULL,
    "conversions" DECIMAL(20,4) NOT NULL,

    CONSTRAINT "ad_levels_daily_pkey" PRIMARY KEY ("workspace_id","day","level","platform","campaign_id","ad_group_id","ad_id","currency")
);

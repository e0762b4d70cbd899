-- AlterTable
ALTER TABLE "ad_insights_daily" DROP CONSTRAINT "ad_insights_daily_pkey",
ADD COLUMN     "ad_id" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "ad_insights_daily_pkey" PRIMARY KEY ("workspace_id", "connection_id", "campaign_id", "ad_group_id", "ad_id", "day");

-- CreateTable
CREATE TABLE "ad_groups" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "campaign_id" TEXT NOT NULL,
    "ad_group_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ad_groups_pkey" PRIMARY KEY ("workspace_id","connection_id","ad_group_id")
);

-- CreateTable
CREATE TABLE "ads" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "campaign_id" TEXT NOT NULL,
    "ad_group_id" TEXT NOT NULL,
    "ad_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT,
    "thumbnail_url" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ads_pkey" PRIMARY KEY ("workspace_id","connection_id","ad_id")
);

-- CreateIndex
CREATE INDEX "ads_workspace_id_connection_id_campaign_id_idx" ON "ads"("workspace_id", "connection_id", "campaign_id");

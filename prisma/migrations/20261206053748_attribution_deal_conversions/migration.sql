-- AlterTable
ALTER TABLE "attribution_daily" ADD COLUMN "conversion_type" TEXT NOT NULL DEFAULT 'order';
ALTER TABLE "attribution_daily" DROP CONSTRAINT "attribution_daily_pkey";
ALTER TABLE "attribution_daily" ADD CONSTRAINT "attribution_daily_pkey" PRIMARY KEY ("workspace_id", "conversion_type", "basis", "day", "model", "window_days", "paid_only", "channel", "platform", "campaign");

-- CreateTable
CREATE TABLE "deal_attributions" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "deal_id" TEXT NOT NULL,
    "deal_at" TIMESTAMP(3) NOT NULL,
    "deal_day" DATE NOT NULL,
    "revenue_minor" BIGINT NOT NULL,
    "touches" INTEGER NOT NULL,
    "credits" JSON NOT NULL,

    CONSTRAINT "deal_attributions_pkey" PRIMARY KEY ("workspace_id","connection_id","deal_id")
);

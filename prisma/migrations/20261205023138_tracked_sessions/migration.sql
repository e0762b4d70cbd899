-- CreateEnum
CREATE TYPE "SessionsSource" AS ENUM ('ga4', 'tracking');

-- AlterTable
ALTER TABLE "metric_settings" ADD COLUMN     "sessions_source" "SessionsSource";

-- AlterTable
ALTER TABLE "sessions_daily" ADD COLUMN     "bot_sessions" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "sessions_periods" ADD COLUMN     "bot_sessions" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "tracked_sessions" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "anonymous_id" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "ended_at" TIMESTAMP(3) NOT NULL,
    "day" DATE NOT NULL,
    "landing_page" TEXT,
    "referrer" TEXT,
    "utm_source" TEXT,
    "utm_medium" TEXT,
    "utm_campaign" TEXT,
    "click_id" TEXT,
    "click_id_type" TEXT,
    "channel" TEXT NOT NULL,
    "device" TEXT NOT NULL,
    "country" TEXT,
    "event_count" INTEGER NOT NULL,
    "page_views" INTEGER NOT NULL,
    "engaged_ms" BIGINT NOT NULL,
    "is_bot" BOOLEAN NOT NULL,
    "bot_reason" TEXT,

    CONSTRAINT "tracked_sessions_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateIndex
CREATE INDEX "tracked_sessions_workspace_id_anonymous_id_started_at_idx" ON "tracked_sessions"("workspace_id", "anonymous_id", "started_at");

-- CreateIndex
CREATE INDEX "tracked_sessions_workspace_id_day_idx" ON "tracked_sessions"("workspace_id", "day");

-- AlterTable
ALTER TABLE "global_settings" ADD COLUMN     "slo_alert_destination_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "slo_alert_workspace_id" TEXT;

-- CreateTable
CREATE TABLE "service_level_minutes" (
    "minute" TIMESTAMP(3) NOT NULL,
    "series" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "service_level_minutes_pkey" PRIMARY KEY ("minute","series")
);

-- CreateTable
CREATE TABLE "service_level_alerts" (
    "id" TEXT NOT NULL,
    "objective" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "opened_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMP(3),
    "burn_rate" DOUBLE PRECISION NOT NULL,
    "peak_burn_rate" DOUBLE PRECISION NOT NULL,
    "notified" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "service_level_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "service_level_alerts_objective_severity_resolved_at_idx" ON "service_level_alerts"("objective", "severity", "resolved_at");

-- CreateIndex
CREATE INDEX "service_level_alerts_opened_at_idx" ON "service_level_alerts"("opened_at");

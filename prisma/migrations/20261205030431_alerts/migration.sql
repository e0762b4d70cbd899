-- CreateEnum
CREATE TYPE "AlertRuleKind" AS ENUM ('metric', 'integration');

-- CreateEnum
CREATE TYPE "AlertMethod" AS ENUM ('threshold', 'change', 'anomaly');

-- CreateEnum
CREATE TYPE "AlertWindow" AS ENUM ('today_so_far', 'complete_day');

-- CreateEnum
CREATE TYPE "AlertIncidentState" AS ENUM ('open', 'resolved');

-- CreateTable
CREATE TABLE "alert_rules" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "AlertRuleKind" NOT NULL,
    "metric" TEXT,
    "filters" JSONB NOT NULL DEFAULT '{}',
    "method" "AlertMethod",
    "params" JSONB NOT NULL DEFAULT '{}',
    "window" "AlertWindow",
    "check" TEXT,
    "hours" INTEGER,
    "destination_ids" TEXT[],
    "muted" BOOLEAN NOT NULL DEFAULT false,
    "snoozed_until" TIMESTAMP(3),
    "last_evaluated_at" TIMESTAMP(3),
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "alert_incidents" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "state" "AlertIncidentState" NOT NULL DEFAULT 'open',
    "day" TEXT NOT NULL,
    "value" TEXT,
    "baseline" TEXT,
    "method" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "deviation" DOUBLE PRECISION NOT NULL,
    "sent_deviation" DOUBLE PRECISION,
    "opened_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_sent_at" TIMESTAMP(3),
    "resolved_at" TIMESTAMP(3),
    "sends" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "alert_incidents_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateIndex
CREATE INDEX "alert_incidents_workspace_id_rule_id_state_idx" ON "alert_incidents"("workspace_id", "rule_id", "state");

-- CreateIndex
CREATE INDEX "alert_incidents_workspace_id_opened_at_idx" ON "alert_incidents"("workspace_id", "opened_at");

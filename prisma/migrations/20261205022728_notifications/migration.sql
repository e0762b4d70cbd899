-- CreateEnum
CREATE TYPE "DestinationKind" AS ENUM ('email', 'slack', 'wecom', 'dingtalk', 'lark', 'teams', 'webhook');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('queued', 'sending', 'delivered', 'failed');

-- CreateEnum
CREATE TYPE "DeliveryMessageKind" AS ENUM ('test', 'digest', 'alert');

-- CreateTable
CREATE TABLE "notification_destinations" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "kind" "DestinationKind" NOT NULL,
    "name" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "config_hint" JSONB NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabled_reason" TEXT,
    "failure_streak" INTEGER NOT NULL DEFAULT 0,
    "alerted_at" TIMESTAMP(3),
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "notification_destinations_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "notification_deliveries" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "destination_id" TEXT NOT NULL,
    "message_kind" "DeliveryMessageKind" NOT NULL,
    "ref_id" TEXT,
    "payload" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "last_status" INTEGER,
    "last_attempt_at" TIMESTAMP(3),
    "next_attempt_at" TIMESTAMP(3),
    "delivered_at" TIMESTAMP(3),
    "replay_of" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "notification_deliveries_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "webhook_sink_messages" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "content_type" TEXT,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_sink_messages_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateIndex
CREATE INDEX "notification_deliveries_workspace_id_destination_id_created_idx" ON "notification_deliveries"("workspace_id", "destination_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "notification_deliveries_workspace_id_destination_id_last_at_idx" ON "notification_deliveries"("workspace_id", "destination_id", "last_attempt_at");

-- CreateIndex
CREATE INDEX "notification_deliveries_status_next_attempt_at_idx" ON "notification_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "webhook_sink_messages_workspace_id_created_at_idx" ON "webhook_sink_messages"("workspace_id", "created_at" DESC);

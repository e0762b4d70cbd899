-- First-party tracking: write keys, the inbox the event API appends to, the events partitioned
-- by month with a ledger of stored message ids (deduplication across partitions), and the
-- per-workspace tracking settings.
-- CreateTable
CREATE TABLE "write_keys" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "allowed_origins" TEXT[],
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMP(3),
    "last_event_at" TIMESTAMP(3),

    CONSTRAINT "write_keys_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "tracking_inbox" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "write_key_id" TEXT,
    "source" TEXT NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "events" JSONB NOT NULL,

    CONSTRAINT "tracking_inbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tracked_events" (
    "workspace_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "occurred_at" TIMESTAMP(3) NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL,
    "anonymous_id" TEXT NOT NULL,
    "user_id" TEXT,
    "page_url" TEXT,
    "referrer" TEXT,
    "properties" JSONB NOT NULL,
    "context" JSONB NOT NULL,
    "ip_hash" TEXT,
    "ip_prefix" TEXT,
    "write_key_id" TEXT,
    "source" TEXT NOT NULL,
    "is_bot" BOOLEAN,
    "bot_reason" TEXT,
    "session_id" TEXT,

    CONSTRAINT "tracked_events_pkey" PRIMARY KEY ("workspace_id","occurred_at","message_id")
) PARTITION BY RANGE ("occurred_at");

-- Written by hand: Prisma cannot express partitioning. Months get their own partitions
-- (tracked_events_yYYYYmMM, created ahead by the partition job and on demand by the drain), the
-- default partition only catches a row whose month has none yet, and is emptied into the
-- partition of its month when that is created (lib/tracking/partitions.ts).
CREATE TABLE "tracked_events_default" PARTITION OF "tracked_events" DEFAULT;

-- CreateTable
CREATE TABLE "tracked_event_ids" (
    "workspace_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "occurred_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tracked_event_ids_pkey" PRIMARY KEY ("workspace_id","message_id")
);

-- CreateTable
CREATE TABLE "tracking_settings" (
    "workspace_id" TEXT NOT NULL,
    "retention_days" INTEGER NOT NULL DEFAULT 395,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tracking_settings_pkey" PRIMARY KEY ("workspace_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "write_keys_key_hash_key" ON "write_keys"("key_hash");

-- CreateIndex
CREATE INDEX "tracked_events_workspace_id_anonymous_id_occurred_at_idx" ON "tracked_events"("workspace_id", "anonymous_id", "occurred_at");

-- CreateIndex
CREATE INDEX "tracked_events_workspace_id_received_at_idx" ON "tracked_events"("workspace_id", "received_at");

-- CreateIndex
CREATE INDEX "tracked_event_ids_workspace_id_occurred_at_idx" ON "tracked_event_ids"("workspace_id", "occurred_at");

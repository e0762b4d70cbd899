-- CreateTable
CREATE TABLE "funnel_event_times" (
    "workspace_id" TEXT NOT NULL,
    "anonymous_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "is_bot" BOOLEAN NOT NULL,
    "first_at" TIMESTAMP(3) NOT NULL,
    "last_at" TIMESTAMP(3) NOT NULL,
    "times" TIMESTAMP(3)[],

    CONSTRAINT "funnel_event_times_pkey" PRIMARY KEY ("workspace_id","anonymous_id","event","session_id","is_bot")
);

-- CreateIndex
CREATE INDEX "funnel_event_times_workspace_id_event_last_at_first_at_is_b_idx" ON "funnel_event_times"("workspace_id", "event", "last_at", "first_at", "is_bot", "anonymous_id", "session_id");

-- Backfill from the events already stored (lib/funnels/summary.ts keeps it up to date from here).
INSERT INTO "funnel_event_times" ("workspace_id", "anonymous_id", "event", "session_id", "is_bot", "first_at", "last_at", "times")
SELECT "workspace_id", "anonymous_id", "event", COALESCE("session_id", ''), COALESCE("is_bot", false),
  min("occurred_at"), max("occurred_at"), array_agg(DISTINCT "occurred_at" ORDER BY "occurred_at")
FROM "tracked_events"
GROUP BY 1, 2, 3, 4, 5;

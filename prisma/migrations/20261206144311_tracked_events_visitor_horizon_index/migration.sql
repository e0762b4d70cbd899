-- A visitor's events by time, now carrying event and is_bot, so the activity recompute reads each
-- visitor's horizon by index-only scans instead of fetching every event row. It replaces the
-- index of the same leading columns (every reader of those still finds them). Created on the
-- partitioned parent, it is created on every month partition and on the default one, and a
-- partition attached later gets it too.
-- DropIndex
DROP INDEX "tracked_events_workspace_id_anonymous_id_occurred_at_idx";

-- CreateIndex
CREATE INDEX "tracked_events_workspace_id_anonymous_id_occurred_at_event__idx" ON "tracked_events"("workspace_id", "anonymous_id", "occurred_at", "event", "is_bot");

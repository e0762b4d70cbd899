-- CreateTable
CREATE TABLE "funnels" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "funnels_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateIndex
CREATE INDEX "funnels_workspace_id_created_at_idx" ON "funnels"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "tracked_events_workspace_id_event_occurred_at_idx" ON "tracked_events"("workspace_id", "event", "occurred_at");

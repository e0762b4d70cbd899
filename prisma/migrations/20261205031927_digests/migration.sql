-- CreateTable
CREATE TABLE "digests" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "owner_user_id" TEXT,
    "schedule" JSONB NOT NULL,
    "time_zone" TEXT,
    "basis" TEXT NOT NULL,
    "sections" JSONB NOT NULL,
    "destination_ids" TEXT[],
    "template" JSONB NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "next_run_at" TIMESTAMP(3) NOT NULL,
    "attempt_after" TIMESTAMP(3) NOT NULL,
    "last_run_at" TIMESTAMP(3),
    "last_outcome" JSONB,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "digests_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateIndex
CREATE INDEX "digests_enabled_attempt_after_idx" ON "digests"("enabled", "attempt_after");

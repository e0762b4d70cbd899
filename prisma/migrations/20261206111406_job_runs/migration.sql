-- CreateEnum
CREATE TYPE "JobRunStatus" AS ENUM ('queued', 'running', 'done', 'failed');

-- CreateTable
CREATE TABLE "job_runs" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "workspace_id" TEXT,
    "payload" JSONB NOT NULL,
    "status" "JobRunStatus" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "queued_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "error" TEXT,
    "replayed_by" TEXT,
    "replay_of" TEXT,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "job_runs_status_kind_idx" ON "job_runs"("status", "kind");

-- CreateIndex
CREATE INDEX "job_runs_kind_finished_at_idx" ON "job_runs"("kind", "finished_at");

-- CreateIndex
CREATE INDEX "job_runs_queued_at_idx" ON "job_runs"("queued_at");

-- CreateIndex
CREATE INDEX "job_runs_workspace_id_queued_at_idx" ON "job_runs"("workspace_id", "queued_at");

-- CreateIndex
CREATE INDEX "ad_insights_daily_workspace_id_synced_at_idx" ON "ad_insights_daily"("workspace_id", "synced_at");

-- CreateIndex
CREATE INDEX "orders_workspace_id_synced_at_idx" ON "orders"("workspace_id", "synced_at");

-- CreateTable
CREATE TABLE "funnel_progress_builds" (
    "id" SERIAL NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "time_zone" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'building',
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "valid_from" DATE,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "built_at" TIMESTAMP(3),

    CONSTRAINT "funnel_progress_builds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "funnel_progress" (
    "workspace_id" TEXT NOT NULL,
    "build_id" INTEGER NOT NULL,
    "unit" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "prev_day" DATE,
    "prev_entry_day" DATE,
    "next_entry_day" DATE,
    "reached" SMALLINT NOT NULL,
    "seconds" DOUBLE PRECISION[],
    "dim" TEXT,

    CONSTRAINT "funnel_progress_pkey" PRIMARY KEY ("workspace_id","build_id","unit","day")
);

-- CreateTable
CREATE TABLE "funnel_progress_stale" (
    "workspace_id" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "queued_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "funnel_progress_stale_pkey" PRIMARY KEY ("workspace_id","unit")
);

-- CreateIndex
CREATE UNIQUE INDEX "funnel_progress_builds_workspace_id_key_time_zone_key" ON "funnel_progress_builds"("workspace_id", "key", "time_zone");

-- CreateIndex
CREATE INDEX "funnel_progress_workspace_id_build_id_day_idx" ON "funnel_progress"("workspace_id", "build_id", "day");

-- CreateTable
CREATE TABLE "activity_settings" (
    "workspace_id" TEXT NOT NULL,
    "weights" JSONB NOT NULL,
    "half_life_days" DOUBLE PRECISION NOT NULL,
    "level_mode" TEXT NOT NULL,
    "high_cut" DOUBLE PRECISION NOT NULL,
    "medium_cut" DOUBLE PRECISION NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT,

    CONSTRAINT "activity_settings_pkey" PRIMARY KEY ("workspace_id")
);

-- CreateTable
CREATE TABLE "person_activity" (
    "workspace_id" TEXT NOT NULL,
    "person_key" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "score_day" DATE NOT NULL,
    "weekly_score" DOUBLE PRECISION NOT NULL,
    "previous_weekly_score" DOUBLE PRECISION NOT NULL,
    "weekly_change" DOUBLE PRECISION NOT NULL,
    "level" TEXT NOT NULL,
    "last_event_at" TIMESTAMP(3),
    "rfm_r" INTEGER,
    "rfm_f" INTEGER,
    "rfm_m" INTEGER,
    "rfm_segment" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "person_activity_pkey" PRIMARY KEY ("workspace_id","person_key")
);

-- CreateTable
CREATE TABLE "person_activity_history" (
    "workspace_id" TEXT NOT NULL,
    "person_key" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "weekly_score" DOUBLE PRECISION NOT NULL,
    "level" TEXT NOT NULL,
    "rfm_segment" TEXT,

    CONSTRAINT "person_activity_history_pkey" PRIMARY KEY ("workspace_id","person_key","day")
);

-- CreateTable
CREATE TABLE "activity_pending" (
    "workspace_id" TEXT NOT NULL,
    "person_key" TEXT NOT NULL,
    "queued_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "activity_pending_pkey" PRIMARY KEY ("workspace_id","person_key")
);

-- CreateIndex
CREATE INDEX "person_activity_workspace_id_level_idx" ON "person_activity"("workspace_id", "level");

-- CreateIndex
CREATE INDEX "person_activity_workspace_id_rfm_segment_idx" ON "person_activity"("workspace_id", "rfm_segment");

-- CreateIndex
CREATE INDEX "person_activity_history_workspace_id_day_idx" ON "person_activity_history"("workspace_id", "day");

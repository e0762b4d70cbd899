-- CreateTable
CREATE TABLE "popup_templates" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "cta_label" TEXT,
    "cta_url" TEXT,
    "url_pattern" TEXT NOT NULL,
    "trigger_type" TEXT NOT NULL,
    "trigger_seconds" INTEGER,
    "trigger_event" TEXT,
    "audience" TEXT NOT NULL,
    "target_tag_id" TEXT,
    "target_levels" TEXT[],
    "active_from" TIMESTAMP(3),
    "active_until" TIMESTAMP(3),
    "show_percent" INTEGER NOT NULL DEFAULT 100,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "popup_templates_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "popup_settings" (
    "workspace_id" TEXT NOT NULL,
    "daily_limit" INTEGER,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "popup_settings_pkey" PRIMARY KEY ("workspace_id")
);

-- CreateTable
CREATE TABLE "popup_daily_shows" (
    "workspace_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "shows" INTEGER NOT NULL,

    CONSTRAINT "popup_daily_shows_pkey" PRIMARY KEY ("workspace_id","day")
);

-- CreateTable
CREATE TABLE "popup_assignments" (
    "workspace_id" TEXT NOT NULL,
    "template_id" TEXT NOT NULL,
    "anonymous_id" TEXT NOT NULL,
    "arm" TEXT NOT NULL,
    "assigned_at" TIMESTAMP(3) NOT NULL,
    "first_shown_at" TIMESTAMP(3),

    CONSTRAINT "popup_assignments_pkey" PRIMARY KEY ("workspace_id","template_id","anonymous_id")
);

-- CreateIndex
CREATE INDEX "popup_assignments_workspace_id_template_id_assigned_at_idx" ON "popup_assignments"("workspace_id", "template_id", "assigned_at");

-- CreateTable
CREATE TABLE "global_settings" (
    "id" TEXT NOT NULL DEFAULT 'global',
    "signup_mode" TEXT NOT NULL DEFAULT 'open',
    "default_plan" TEXT NOT NULL DEFAULT 'growth',
    "updated_at" TIMESTAMP(3) NOT NULL,
    "updated_by_id" TEXT,

    CONSTRAINT "global_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "operator_events" (
    "id" TEXT NOT NULL,
    "occurred_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_kind" "AuditActorKind" NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "ip_hash" TEXT,
    "changes" JSONB,

    CONSTRAINT "operator_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "support_access_grants" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "granted_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "revoked_at" TIMESTAMP(3),
    "revoked_by_id" TEXT,

    CONSTRAINT "support_access_grants_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "support_access_visits" (
    "workspace_id" TEXT NOT NULL,
    "grant_id" TEXT NOT NULL,
    "operator_id" TEXT NOT NULL,
    "last_recorded_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "support_access_visits_pkey" PRIMARY KEY ("workspace_id","grant_id","operator_id")
);

-- CreateIndex
CREATE INDEX "operator_events_occurred_at_idx" ON "operator_events"("occurred_at" DESC);

-- CreateIndex
CREATE INDEX "support_access_grants_workspace_id_expires_at_idx" ON "support_access_grants"("workspace_id", "expires_at" DESC);

-- CreateTable
CREATE TABLE "tags" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,

    CONSTRAINT "tags_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "tag_rules" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "tag_id" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "builtin" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_run_at" TIMESTAMP(3),

    CONSTRAINT "tag_rules_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "person_tags" (
    "workspace_id" TEXT NOT NULL,
    "tag_id" TEXT NOT NULL,
    "person_key" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "person_tags_pkey" PRIMARY KEY ("workspace_id","tag_id","person_key")
);

-- CreateTable
CREATE TABLE "person_tag_history" (
    "workspace_id" TEXT NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "tag_id" TEXT NOT NULL,
    "person_key" TEXT NOT NULL,
    "change" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "person_tag_history_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tags_workspace_id_name_key" ON "tags"("workspace_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "tag_rules_workspace_id_tag_id_key" ON "tag_rules"("workspace_id", "tag_id");

-- CreateIndex
CREATE UNIQUE INDEX "tag_rules_workspace_id_builtin_key" ON "tag_rules"("workspace_id", "builtin");

-- CreateIndex
CREATE INDEX "person_tags_workspace_id_person_key_idx" ON "person_tags"("workspace_id", "person_key");

-- CreateIndex
CREATE INDEX "person_tag_history_workspace_id_person_key_at_idx" ON "person_tag_history"("workspace_id", "person_key", "at");

-- CreateIndex
CREATE INDEX "person_tag_history_workspace_id_tag_id_at_idx" ON "person_tag_history"("workspace_id", "tag_id", "at");

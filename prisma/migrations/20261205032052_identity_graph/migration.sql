-- CreateTable
CREATE TABLE "visitors" (
    "workspace_id" TEXT NOT NULL,
    "anonymous_id" TEXT NOT NULL,
    "first_seen_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,
    "first_page_url" TEXT,
    "first_referrer" TEXT,
    "person_key" TEXT,
    "identified_at" TIMESTAMP(3),
    "resolved_at" TIMESTAMP(3),

    CONSTRAINT "visitors_pkey" PRIMARY KEY ("workspace_id","anonymous_id")
);

-- CreateTable
CREATE TABLE "identity_links" (
    "workspace_id" TEXT NOT NULL,
    "anonymous_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "first_seen_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,
    "person_key" TEXT,

    CONSTRAINT "identity_links_pkey" PRIMARY KEY ("workspace_id","anonymous_id","kind","value")
);

-- CreateTable
CREATE TABLE "identity_ties" (
    "workspace_id" TEXT NOT NULL,
    "kind_a" TEXT NOT NULL,
    "value_a" TEXT NOT NULL,
    "kind_b" TEXT NOT NULL,
    "value_b" TEXT NOT NULL,
    "anonymous_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "first_seen_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "identity_ties_pkey" PRIMARY KEY ("workspace_id","kind_a","value_a","kind_b","value_b")
);

-- CreateTable
CREATE TABLE "identity_merges" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "person_key" TEXT NOT NULL,
    "merged_key" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "anonymous_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undone_at" TIMESTAMP(3),
    "undone_by" TEXT,

    CONSTRAINT "identity_merges_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateIndex
CREATE INDEX "visitors_workspace_id_person_key_idx" ON "visitors"("workspace_id", "person_key");

-- CreateIndex
CREATE INDEX "identity_links_workspace_id_kind_value_idx" ON "identity_links"("workspace_id", "kind", "value");

-- CreateIndex
CREATE INDEX "identity_links_workspace_id_person_key_idx" ON "identity_links"("workspace_id", "person_key");

-- CreateIndex
CREATE INDEX "identity_ties_workspace_id_kind_b_value_b_idx" ON "identity_ties"("workspace_id", "kind_b", "value_b");

-- CreateIndex
CREATE INDEX "identity_merges_workspace_id_merged_key_idx" ON "identity_merges"("workspace_id", "merged_key");

-- CreateIndex
CREATE UNIQUE INDEX "identity_merges_workspace_id_person_key_merged_key_key" ON "identity_merges"("workspace_id", "person_key", "merged_key");

-- The RFM cut points of the last full activity pass, which incremental passes place their
-- customers by instead of sorting every customer's measures again, and a person's tags index
-- carrying tag_id, so a scoped tag rule run reads its people's tags from the index alone.
-- DropIndex
DROP INDEX "person_tags_workspace_id_person_key_idx";

-- CreateTable
CREATE TABLE "activity_rfm_cuts" (
    "workspace_id" TEXT NOT NULL,
    "customers" INTEGER NOT NULL,
    "recency" DATE[],
    "frequency" INTEGER[],
    "monetary" DECIMAL(20,4)[],
    "computed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "activity_rfm_cuts_pkey" PRIMARY KEY ("workspace_id")
);

-- CreateIndex
CREATE INDEX "person_tags_workspace_id_person_key_tag_id_idx" ON "person_tags"("workspace_id", "person_key", "tag_id");

-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "merged_into" TEXT;

-- AlterTable
ALTER TABLE "identity_merges" ADD COLUMN     "run_id" TEXT,
ALTER COLUMN "anonymous_id" DROP NOT NULL,
ALTER COLUMN "message_id" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "customers_workspace_id_merged_into_idx" ON "customers"("workspace_id", "merged_into");

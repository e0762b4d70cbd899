-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "phone_encrypted" TEXT,
ADD COLUMN     "phone_hash" TEXT;

-- CreateIndex
CREATE INDEX "customers_workspace_id_phone_hash_idx" ON "customers"("workspace_id", "phone_hash");

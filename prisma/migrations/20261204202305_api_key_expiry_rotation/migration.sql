-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "expires_at" TIMESTAMP(3),
ADD COLUMN     "previous_key_hash" TEXT,
ADD COLUMN     "previous_valid_until" TIMESTAMP(3),
ADD COLUMN     "rotated_at" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_workspace_id_previous_key_hash_key" ON "api_keys"("workspace_id", "previous_key_hash");

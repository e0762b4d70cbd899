-- AlterTable
ALTER TABLE "customer_profiles" ADD COLUMN     "net_sales_180" DECIMAL(20,4) NOT NULL,
ADD COLUMN     "net_sales_365" DECIMAL(20,4) NOT NULL,
ADD COLUMN     "net_sales_90" DECIMAL(20,4) NOT NULL;

-- CreateIndex
CREATE INDEX "customer_profiles_workspace_id_email_hash_idx" ON "customer_profiles"("workspace_id", "email_hash");

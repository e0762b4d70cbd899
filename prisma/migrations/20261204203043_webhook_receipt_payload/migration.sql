-- Webhook receipts keep the body of each delivery (sealed) until it is processed, so a webhook is
-- acknowledged once recorded and processed afterwards, also after a restart. The index finds the
-- unprocessed ones.
-- AlterTable
ALTER TABLE "webhook_receipts" ADD COLUMN     "payload" TEXT;

-- CreateIndex
CREATE INDEX "webhook_receipts_processed_at_received_at_idx" ON "webhook_receipts"("processed_at", "received_at");

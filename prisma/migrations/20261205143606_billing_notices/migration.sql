-- AlterTable
ALTER TABLE "workspace_billing" ADD COLUMN     "payment_failed_notice_for" TIMESTAMP(3),
ADD COLUMN     "read_only_notice_for" TIMESTAMP(3);

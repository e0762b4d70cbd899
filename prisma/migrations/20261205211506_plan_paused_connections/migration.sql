-- AlterTable
ALTER TABLE "connections" ADD COLUMN     "plan_paused_at" TIMESTAMP(3),
ADD COLUMN     "plan_paused_under" TEXT;

-- AlterTable
ALTER TABLE "workspace_billing" ADD COLUMN     "cancel_at_period_end" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "kept_chosen_at" TIMESTAMP(3),
ADD COLUMN     "kept_connection_ids" TEXT[] DEFAULT ARRAY[]::TEXT[];

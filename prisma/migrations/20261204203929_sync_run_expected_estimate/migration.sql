-- AlterTable
ALTER TABLE "sync_runs" ADD COLUMN     "rows_expected_estimated" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "sync_runs" ADD COLUMN     "warnings" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "funnel_progress_builds" DROP CONSTRAINT "funnel_progress_builds_pkey",
ADD CONSTRAINT "funnel_progress_builds_pkey" PRIMARY KEY ("workspace_id", "id");

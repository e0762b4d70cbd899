-- AlterTable
ALTER TABLE "memberships" ADD COLUMN     "onboarding_dismissed_at" TIMESTAMP(3);

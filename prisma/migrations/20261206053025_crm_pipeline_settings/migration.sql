-- AlterEnum
ALTER TYPE "DashboardWidgetType" ADD VALUE 'pipeline';

-- AlterTable
ALTER TABLE "metric_settings" ADD COLUMN     "offline_revenue_in_sales" BOOLEAN NOT NULL DEFAULT false;

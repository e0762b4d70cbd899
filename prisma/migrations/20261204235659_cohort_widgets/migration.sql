-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "DashboardWidgetType" ADD VALUE 'cohort_heatmap';
ALTER TYPE "DashboardWidgetType" ADD VALUE 'ltv_curves';
ALTER TYPE "DashboardWidgetType" ADD VALUE 'ltv_cac';
ALTER TYPE "DashboardWidgetType" ADD VALUE 'predicted_vs_actual';

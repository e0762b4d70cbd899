-- AlterEnum
ALTER TYPE "DashboardWidgetType" ADD VALUE 'funnel';

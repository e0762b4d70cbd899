-- AlterEnum
ALTER TYPE "DashboardWidgetType" ADD VALUE 'pivot';

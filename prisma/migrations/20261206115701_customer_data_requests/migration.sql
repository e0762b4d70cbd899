-- CreateEnum
CREATE TYPE "CustomerDataRequestType" AS ENUM ('export', 'erase');

-- CreateTable
CREATE TABLE "customer_data_requests" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "type" "CustomerDataRequestType" NOT NULL,
    "identified_by" TEXT NOT NULL,
    "subject_hash" TEXT NOT NULL,
    "found" BOOLEAN NOT NULL,
    "summary" TEXT NOT NULL,
    "result" TEXT,
    "requested_by_user" TEXT,
    "requested_by_key" TEXT,
    "requested_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "customer_data_requests_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateIndex
CREATE INDEX "customer_data_requests_expires_at_idx" ON "customer_data_requests"("expires_at");

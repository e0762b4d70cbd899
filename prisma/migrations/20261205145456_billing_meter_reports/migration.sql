-- CreateTable
CREATE TABLE "billing_meter_reports" (
    "workspace_id" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "reported" BIGINT NOT NULL DEFAULT 0,
    "reported_at" TIMESTAMP(3),
    "pending_total" BIGINT,
    "pending_identifier" TEXT,
    "error" TEXT,
    "failed_at" TIMESTAMP(3),
    "stripe_total" BIGINT,
    "reconciled_at" TIMESTAMP(3),

    CONSTRAINT "billing_meter_reports_pkey" PRIMARY KEY ("workspace_id","metric","month")
);

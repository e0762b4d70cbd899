-- CreateTable
CREATE TABLE "customer_data_exports" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "customer_external_id" BIGINT,
    "content" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "customer_data_exports_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateIndex
CREATE INDEX "customer_data_exports_expires_at_idx" ON "customer_data_exports"("expires_at");

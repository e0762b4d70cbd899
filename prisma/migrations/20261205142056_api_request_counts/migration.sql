-- CreateTable
CREATE TABLE "api_request_counts" (
    "workspace_id" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "api_request_counts_pkey" PRIMARY KEY ("workspace_id","month")
);

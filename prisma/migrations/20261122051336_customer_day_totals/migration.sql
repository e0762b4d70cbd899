-- CreateTable
CREATE TABLE "customer_day_totals" (
    "workspace_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "channel" TEXT NOT NULL,
    "new_customers" INTEGER NOT NULL,
    "returning_customers" INTEGER NOT NULL,

    CONSTRAINT "customer_day_totals_pkey" PRIMARY KEY ("workspace_id","day","channel")
);

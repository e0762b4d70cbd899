-- CreateTable
CREATE TABLE "embedded_shops" (
    "shop" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "installed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalled_at" TIMESTAMP(3),

    CONSTRAINT "embedded_shops_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "embedded_shops_workspace_id_idx" ON "embedded_shops"("workspace_id");

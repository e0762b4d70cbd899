-- CreateEnum
CREATE TYPE "WorkspaceExportStatus" AS ENUM ('queued', 'running', 'done', 'failed');

-- CreateTable
CREATE TABLE "workspace_exports" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "status" "WorkspaceExportStatus" NOT NULL DEFAULT 'queued',
    "requested_by_user" TEXT,
    "requested_by_key" TEXT,
    "tables_total" INTEGER NOT NULL DEFAULT 0,
    "tables_done" INTEGER NOT NULL DEFAULT 0,
    "rows_done" BIGINT NOT NULL DEFAULT 0,
    "current_table" TEXT,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "chunks" INTEGER NOT NULL DEFAULT 0,
    "manifest" JSONB,
    "error" TEXT,
    "requested_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "workspace_exports_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateTable
CREATE TABLE "workspace_export_chunks" (
    "workspace_id" TEXT NOT NULL,
    "export_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "workspace_export_chunks_pkey" PRIMARY KEY ("workspace_id","export_id","seq")
);

-- CreateIndex
CREATE INDEX "workspace_exports_workspace_id_requested_at_idx" ON "workspace_exports"("workspace_id", "requested_at" DESC);

-- CreateIndex
CREATE INDEX "workspace_exports_expires_at_idx" ON "workspace_exports"("expires_at");

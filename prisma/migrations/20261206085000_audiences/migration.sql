-- AlterEnum
ALTER TYPE "DeliveryMessageKind" ADD VALUE 'audience';

-- CreateTable
CREATE TABLE "audience_sizes" (
    "workspace_id" TEXT NOT NULL,
    "tag_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "size" INTEGER NOT NULL,
    "joined" INTEGER NOT NULL DEFAULT 0,
    "left" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audience_sizes_pkey" PRIMARY KEY ("workspace_id","tag_id","day")
);

-- CreateTable
CREATE TABLE "audience_settings" (
    "workspace_id" TEXT NOT NULL,
    "tag_id" TEXT NOT NULL,
    "webhook_destination_id" TEXT,
    "klaviyo_connection_id" TEXT,
    "klaviyo_list_id" TEXT,
    "klaviyo_list_name" TEXT,
    "klaviyo_status" TEXT NOT NULL DEFAULT 'idle',
    "klaviyo_synced_at" TIMESTAMP(3),
    "klaviyo_error" TEXT,
    "klaviyo_added" INTEGER NOT NULL DEFAULT 0,
    "klaviyo_removed" INTEGER NOT NULL DEFAULT 0,
    "klaviyo_skipped" INTEGER NOT NULL DEFAULT 0,
    "klaviyo_history_id" BIGINT,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audience_settings_pkey" PRIMARY KEY ("workspace_id","tag_id")
);

-- CreateTable
CREATE TABLE "audience_exports" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "tag_id" TEXT NOT NULL,
    "user_id" TEXT,
    "api_key_id" TEXT,
    "rows" INTEGER NOT NULL,
    "with_email" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audience_exports_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateIndex
CREATE INDEX "audience_exports_workspace_id_tag_id_at_idx" ON "audience_exports"("workspace_id", "tag_id", "at");

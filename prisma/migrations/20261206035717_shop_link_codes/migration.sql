-- CreateTable
CREATE TABLE "shop_link_codes" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_by_id" TEXT,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),
    "used_by_shop" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shop_link_codes_pkey" PRIMARY KEY ("workspace_id","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "shop_link_codes_workspace_id_token_hash_key" ON "shop_link_codes"("workspace_id", "token_hash");

-- AddForeignKey
ALTER TABLE "shop_link_codes" ADD CONSTRAINT "shop_link_codes_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

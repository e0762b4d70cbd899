-- CreateTable
CREATE TABLE "embedded_online_tokens" (
    "shop" TEXT NOT NULL,
    "staff_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "credentials" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "account_owner" BOOLEAN NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "embedded_online_tokens_pkey" PRIMARY KEY ("shop","staff_id")
);

-- CreateIndex
CREATE INDEX "embedded_online_tokens_user_id_idx" ON "embedded_online_tokens"("user_id");

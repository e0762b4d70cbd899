-- CreateTable
CREATE TABLE "outbox_attachments" (
    "id" TEXT NOT NULL,
    "email_id" TEXT NOT NULL,
    "cid" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "outbox_attachments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "outbox_attachments_email_id_idx" ON "outbox_attachments"("email_id");

-- AddForeignKey
ALTER TABLE "outbox_attachments" ADD CONSTRAINT "outbox_attachments_email_id_fkey" FOREIGN KEY ("email_id") REFERENCES "outbox_emails"("id") ON DELETE CASCADE ON UPDATE CASCADE;

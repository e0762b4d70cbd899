-- AlterTable
ALTER TABLE "embedded_shops" ADD COLUMN     "web_pixel_at" TIMESTAMP(3),
ADD COLUMN     "web_pixel_id" TEXT,
ADD COLUMN     "web_pixel_write_key_id" TEXT;

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "region_code" TEXT;

-- CreateTable
CREATE TABLE "product_sales_daily" (
    "workspace_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "channel" TEXT NOT NULL,
    "product_key" TEXT NOT NULL,
    "variant_key" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "title" TEXT NOT NULL,
    "variant_title" TEXT NOT NULL DEFAULT '',
    "sku" TEXT NOT NULL DEFAULT '',
    "product_type" TEXT NOT NULL DEFAULT '',
    "vendor" TEXT NOT NULL DEFAULT '',
    "gross_sales" DECIMAL(20,4) NOT NULL,
    "discounts" DECIMAL(20,4) NOT NULL,
    "returns" DECIMAL(20,4) NOT NULL,
    "cogs" DECIMAL(20,4) NOT NULL,
    "units_without_cost" INTEGER NOT NULL,
    "units" INTEGER NOT NULL,
    "units_returned" INTEGER NOT NULL,

    CONSTRAINT "product_sales_daily_pkey" PRIMARY KEY ("workspace_id","day","product_key","variant_key","channel","country","currency")
);

-- CreateTable
CREATE TABLE "product_titles" (
    "workspace_id" TEXT NOT NULL,
    "product_key" TEXT NOT NULL,
    "variant_key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "variant_title" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "seen_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "product_titles_pkey" PRIMARY KEY ("workspace_id","product_key","variant_key")
);

-- CreateTable
CREATE TABLE "order_sales_daily" (
    "workspace_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "channel" TEXT NOT NULL,
    "sales_channel" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "customer_type" TEXT NOT NULL,
    "discount_code" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "gross_sales" DECIMAL(20,4) NOT NULL,
    "discounts" DECIMAL(20,4) NOT NULL,
    "returns" DECIMAL(20,4) NOT NULL,
    "shipping" DECIMAL(20,4) NOT NULL,
    "taxes" DECIMAL(20,4) NOT NULL,
    "cogs" DECIMAL(20,4) NOT NULL,
    "units_without_cost" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL,
    "units" INTEGER NOT NULL,

    CONSTRAINT "order_sales_daily_pkey" PRIMARY KEY ("workspace_id","day","channel","sales_channel","country","region","customer_type","discount_code","currency")
);

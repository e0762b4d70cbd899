-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "counts_as_sale" BOOLEAN NOT NULL DEFAULT true;

-- WooCommerce orders in statuses that are no sale were stored as test orders, which hid them from
-- the exception list too. They are no sale, not tests (WooCommerce has no test orders, and an
-- order it deleted for good keeps its deleted mark). What counts does not change, so no rollup
-- moves, and the exception list takes them in as each is synced again.
UPDATE "orders" o SET "test" = false, "counts_as_sale" = false
FROM "connections" c
WHERE c."workspace_id" = o."workspace_id" AND c."id" = o."connection_id" AND c."provider" = 'woocommerce'
  AND o."test" AND o."financial_status" IS DISTINCT FROM 'deleted';

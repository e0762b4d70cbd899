-- The schema engine cannot introspect a CHECK constraint (its diff of the live database against
-- prisma/schema fails), so the fee's floor is kept where every write goes through: the fees API
-- and page refuse a negative fee with a 400 naming the field (lib/owned/costs/fees.ts).
ALTER TABLE "owned_channel_fees" DROP CONSTRAINT IF EXISTS "owned_channel_fees_fee_not_negative";

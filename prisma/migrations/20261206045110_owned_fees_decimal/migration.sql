-- A fee can be a fraction of a cent (0.0075 a segment): the fee moves from minor units to an
-- exact decimal in the currency itself, converting any row by its currency's minor unit.
ALTER TABLE "owned_channel_fees" ADD COLUMN "fee" DECIMAL(20,4);
UPDATE "owned_channel_fees" SET "fee" = "fee_minor"::numeric / CASE
    WHEN "currency" IN ('BIF','CLP','DJF','GNF','ISK','JPY','KMF','KRW','PYG','RWF','UGX','UYI','VND','VUV','XAF','XOF','XPF') THEN 1
    WHEN "currency" IN ('BHD','IQD','JOD','KWD','LYD','OMR','TND') THEN 1000
    WHEN "currency" IN ('CLF','UYW') THEN 10000
    ELSE 100 END;
ALTER TABLE "owned_channel_fees" ALTER COLUMN "fee" SET NOT NULL;
ALTER TABLE "owned_channel_fees" DROP COLUMN "fee_minor";
ALTER TABLE "owned_channel_fees" ADD CONSTRAINT "owned_channel_fees_fee_not_negative" CHECK ("fee" >= 0);

-- A connection's provider becomes a key of the provider registry (lib/connectors/registry.ts):
-- text rather than an enum, so a new provider needs no migration. Values are kept as they are,
-- and the indexes on the column are kept by converting it in place.
ALTER TABLE "connections" ALTER COLUMN "provider" SET DATA TYPE TEXT USING "provider"::text;

DROP TYPE "Provider";

import { productBundleFromRest } from "@/lib/connectors/shopify/rest-transform";
import { upsertProductBundles } from "@/lib/stores/ingest";
import type { WebhookHandler } from "./types";

/** products/update: the product with all its variants. */
export const handleProductUpdated: WebhookHandler = async (scope, payload) => {
  const bundle = productBundleFromRest(payload);
  const { rows } = await upsertProductBundles({ workspaceId: scope.workspaceId, connectionId: scope.connectionId }, [bundle]);
  return `product ${bundle.product.externalId}: ${rows} rows written`;
};

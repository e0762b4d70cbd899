// What a WooCommerce connection keeps, sealed: the store's address and its REST key pair. The
// demo store has an address and keys of its own, and the size and seed of its generated history.

export type WooCredentials = {
  mode: "keys";
  storeUrl: string;
  consumerKey: string;
  consumerSecret: string;
  /** Signs the webhooks this connection creates in the store. */
  webhookSecret?: string;
  demo?: { seed: number; orders: number; historyEnd: string };
};

export function isWooCredentials(value: unknown): value is WooCredentials {
  const c = value as Partial<WooCredentials> | null;
  return !!c && c.mode === "keys" && typeof c.storeUrl === "string" && typeof c.consumerKey === "string" && typeof c.consumerSecret === "string";
}

import { AppError } from "@/lib/errors";

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const SHOP_HANDLE = /^[a-z0-9][a-z0-9-]*$/;

export const SHOP_FIELD_MESSAGE = "Enter your store's myshopify.com address, e.g. mystore.myshopify.com (or just mystore).";

/** The shop's domain if `value` is one (or a bare store handle), else null. Pure. */
export function parseShopDomain(value: unknown): string | null {
  if (typeof value !== "string") return null;
  let shop = value.trim().toLowerCase();
  shop = shop.replace(/^https?:\/\//, "").replace(/\/+$/, "");
  if (shop.length === 0 || shop.length > 255) return null;
  if (SHOP_HANDLE.test(shop)) shop = `${shop}.myshopify.com`;
  return SHOP_DOMAIN.test(shop) ? shop : null;
}

/** parseShopDomain, or a 400 whose field error names `shop`. */
export function normalizeShopDomain(value: unknown): string {
  const shop = parseShopDomain(value);
  if (!shop) throw AppError.field("shop", SHOP_FIELD_MESSAGE);
  return shop;
}

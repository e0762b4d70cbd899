import type { ShopifyClient } from "@/lib/connectors/shopify/client";
import { AppError } from "@/lib/errors";

// The Admin GraphQL side of the web pixel: the app's pixel is created once per shop
// (webPixelCreate), changed later (webPixelUpdate), and Shopify checks its settings against the
// extension's definition (extensions/signalboard-pixel/shopify.extension.toml). Both mutations
// need the write_pixels and read_customer_events scopes.

/** The settings fields the extension declares; the toml and this list are kept equal by a test. */
export const PIXEL_SETTINGS_FIELDS = ["writeKey", "endpoint"] as const;
export type PixelSettings = Record<(typeof PIXEL_SETTINGS_FIELDS)[number], string>;

const PIXEL_FIELDS = "userErrors { field message code } webPixel { id settings }";

export const WEB_PIXEL_CREATE = `mutation WebPixelCreate($webPixel: WebPixelInput!) {
  webPixelCreate(webPixel: $webPixel) { ${PIXEL_FIELDS} }
}`;

export const WEB_PIXEL_UPDATE = `mutation WebPixelUpdate($id: ID!, $webPixel: WebPixelInput!) {
  webPixelUpdate(id: $id, webPixel: $webPixel) { ${PIXEL_FIELDS} }
}`;

/** Without an id, the app's own pixel on the shop. */
export const APP_WEB_PIXEL = `query AppWebPixel {
  webPixel { id settings }
}`;

export const SHOP_DOMAINS = `query ShopDomains {
  shop { myshopifyDomain primaryDomain { url } }
}`;

export type PixelUserError = { field: string[] | null; message: string; code: string | null };
type PixelPayload = { userErrors: PixelUserError[]; webPixel: { id: string; settings: unknown } | null };

/** What the merchant can do about each refusal Shopify documents (ErrorsWebPixelUserErrorCode). */
const ADVICE: Record<string, string> = {
  NO_EXTENSION: "The app's web pixel extension is not released yet: deploy it with `shopify app deploy`, then try again.",
  INVALID_SETTINGS: "The pixel's settings do not match the extension's definition: deploy the current extension, then try again.",
  INVALID_SETTINGS_DEFINITION: "The extension's settings definition is broken on Shopify's side: deploy the extension again.",
  INVALID_CONFIGURATION_JSON: "The settings sent were not valid JSON.",
};

/** Shopify refused the pixel: a 409 quoting its errors, with what to do where we know it. */
export function pixelRefused(errors: PixelUserError[]): AppError {
  const said = errors.map((e) => (e.code ? `${e.message} (${e.code})` : e.message)).join("; ");
  const advice = [...new Set(errors.map((e) => (e.code ? ADVICE[e.code] : undefined)).filter(Boolean))].join(" ");
  return new AppError("conflict", `Shopify refused the web pixel: ${said}.${advice ? ` ${advice}` : ""}`);
}

export type PixelWrite = { id: string } | { errors: PixelUserError[] };

function written(payload: PixelPayload | null | undefined): PixelWrite {
  if (!payload) return { errors: [{ field: null, message: "Shopify answered without a result", code: null }] };
  if (payload.userErrors.length > 0) return { errors: payload.userErrors };
  if (!payload.webPixel) return { errors: [{ field: null, message: "Shopify answered without the web pixel", code: null }] };
  return { id: payload.webPixel.id };
}

/** Settings travel as one JSON string, the form the mutations' examples use. */
const input = (settings: PixelSettings) => ({ settings: JSON.stringify(settings) });

export async function createPixel(client: ShopifyClient, settings: PixelSettings): Promise<PixelWrite> {
  const { data } = await client.graphql<{ webPixelCreate: PixelPayload | null }>(WEB_PIXEL_CREATE, { webPixel: input(settings) });
  return written(data.webPixelCreate);
}

export async function updatePixel(client: ShopifyClient, id: string, settings: PixelSettings): Promise<PixelWrite> {
  const { data } = await client.graphql<{ webPixelUpdate: PixelPayload | null }>(WEB_PIXEL_UPDATE, { id, webPixel: input(settings) });
  return written(data.webPixelUpdate);
}

export async function appPixelId(client: ShopifyClient): Promise<string | null> {
  const { data } = await client.graphql<{ webPixel: { id: string } | null }>(APP_WEB_PIXEL);
  return data.webPixel?.id ?? null;
}

/** The origins a storefront's pages are served from: the myshopify domain and the primary domain. */
export async function storefrontOrigins(client: ShopifyClient): Promise<string[]> {
  const { data } = await client.graphql<{ shop: { myshopifyDomain: string; primaryDomain: { url: string } | null } }>(SHOP_DOMAINS);
  const origins = [`https://${data.shop.myshopifyDomain}`];
  const primary = data.shop.primaryDomain?.url;
  if (primary && URL.canParse(primary)) origins.push(new URL(primary).origin);
  return [...new Set(origins)];
}

export const hasCode = (write: PixelWrite, code: string) => "errors" in write && write.errors.some((e) => e.code === code);

// Shopify standard customer events, as a web pixel receives them, turned into track events for
// `POST /api/v1/track`. Pure and dependency-free: the pixel extension (extensions/signalboard-pixel)
// bundles this module with the Shopify CLI, and the tests run it on the documented payload shapes.
// The input types name only the fields read here, so they accept the SDK's full event objects.
import { CLICK_ID_KEYS, STANDARD_EVENTS, UTM_KEYS, type EventContext, type WireEvent } from "./event";

/** The standard events the pixel subscribes to, in the order a purchase passes through them. */
export const SHOPIFY_PIXEL_EVENTS = [
  "page_viewed",
  "collection_viewed",
  "search_submitted",
  "product_viewed",
  "product_added_to_cart",
  "cart_viewed",
  "checkout_started",
  "checkout_contact_info_submitted",
  "checkout_address_info_submitted",
  "checkout_shipping_info_submitted",
  "payment_info_submitted",
  "checkout_completed",
] as const;

export type ShopifyPixelEventName = (typeof SHOPIFY_PIXEL_EVENTS)[number];

/** The library every event names in its context, so the event API files it under the web pixel. */
export const SHOPIFY_PIXEL_LIBRARY = { name: "shopify_pixel", version: "1" } as const;

type Money = { amount: number; currencyCode: string };
type Variant = {
  id: string | null;
  sku?: string | null;
  title?: string | null;
  price?: Money | null;
  product?: { id: string | null; title?: string | null } | null;
};
type Checkout = {
  token?: string | null;
  currencyCode?: string | null;
  totalPrice?: Money | null;
  lineItems?: readonly { quantity: number }[] | null;
  order?: { id: string | null; customer?: { id: string | null } | null } | null;
};

export type ShopifyPixelEvent = {
  id: string;
  name: string;
  clientId: string;
  timestamp: string;
  context?: {
    document?: { location?: { href?: string } | null; referrer?: string; title?: string } | null;
    navigator?: { userAgent?: string; language?: string } | null;
    window?: { screen?: { width?: number; height?: number } | null } | null;
  } | null;
  data?: {
    productVariant?: Variant | null;
    collection?: { id: string | null; title?: string | null } | null;
    searchResult?: { query: string; productVariants?: readonly unknown[] | null } | null;
    cartLine?: { quantity: number; cost?: { totalAmount?: Money | null } | null; merchandise?: Variant | null } | null;
    cart?: { cost?: { totalAmount?: Money | null } | null; totalQuantity?: number | null } | null;
    checkout?: Checkout | null;
  } | null;
};

type Properties = Record<string, string | number | null>;

/** One event of a track request, as the pixel sends it. */
export type PixelTrackEvent = WireEvent & { timestamp: string; properties: Properties; context: EventContext };

/** The track event for a Shopify standard event, or null for one the pixel does not record. */
export function mapShopifyPixelEvent(event: ShopifyPixelEvent): PixelTrackEvent | null {
  if (!isSubscribed(event.name)) return null;
  const href = event.context?.document?.location?.href || undefined;
  const referrer = event.context?.document?.referrer || undefined;
  const mapped: PixelTrackEvent = {
    // A page view is one event name whichever collector saw it, so sessions count them alike.
    event: event.name === "page_viewed" ? STANDARD_EVENTS.pageView : event.name,
    message_id: event.id,
    timestamp: event.timestamp,
    anonymous_id: event.clientId,
    properties: propertiesOf(event.name, event),
    context: { ...campaignParamsOf(href), ...browserOf(event), library: SHOPIFY_PIXEL_LIBRARY },
  };
  if (href) mapped.page_url = href;
  if (referrer) mapped.referrer = referrer;
  return mapped;
}

function isSubscribed(name: string): name is ShopifyPixelEventName {
  return (SHOPIFY_PIXEL_EVENTS as readonly string[]).includes(name);
}

/** UTM parameters and click ids in a page URL; a URL that does not parse has none. */
export function campaignParamsOf(href: string | undefined): EventContext {
  const found: EventContext = {};
  if (!href) return found;
  let params: URLSearchParams;
  try {
    params = new URL(href).searchParams;
  } catch {
    return found;
  }
  for (const name of [...UTM_KEYS, ...CLICK_ID_KEYS]) {
    const value = params.get(name);
    if (value) found[name] = value;
  }
  return found;
}

function browserOf(event: ShopifyPixelEvent): EventContext {
  const context = event.context;
  const found: EventContext = {};
  if (context?.navigator?.userAgent) found.user_agent = context.navigator.userAgent;
  if (context?.navigator?.language) found.locale = context.navigator.language;
  if (context?.document?.title) found.page_title = context.document.title;
  const screen = context?.window?.screen;
  if (screen?.width && screen.height) found.screen = { width: screen.width, height: screen.height };
  return found;
}

function propertiesOf(name: ShopifyPixelEventName, event: ShopifyPixelEvent): Properties {
  const data = event.data ?? {};
  switch (name) {
    case "page_viewed":
      // The page's title travels in the context, as the snippet sends it.
      return {};
    case "collection_viewed":
      return { collection_id: numericId(data.collection?.id), collection_title: data.collection?.title ?? null };
    case "search_submitted":
      return { query: data.searchResult?.query ?? null, results: data.searchResult?.productVariants?.length ?? null };
    case "product_viewed":
      return { ...variantOf(data.productVariant), ...moneyOf(data.productVariant?.price) };
    case "product_added_to_cart":
      return { ...variantOf(data.cartLine?.merchandise), quantity: data.cartLine?.quantity ?? null, ...moneyOf(data.cartLine?.cost?.totalAmount) };
    case "cart_viewed":
      return { quantity: data.cart?.totalQuantity ?? null, ...moneyOf(data.cart?.cost?.totalAmount) };
    case "checkout_started":
    case "checkout_contact_info_submitted":
    case "checkout_address_info_submitted":
    case "checkout_shipping_info_submitted":
    case "payment_info_submitted":
      return checkoutOf(data.checkout);
    case "checkout_completed":
      // The order id ties this visitor to the store's order row (orders.external_id) exactly.
      return {
        ...checkoutOf(data.checkout),
        order_id: numericId(data.checkout?.order?.id),
        customer_id: numericId(data.checkout?.order?.customer?.id),
      };
  }
}

function checkoutOf(checkout: Checkout | null | undefined): Properties {
  const items = checkout?.lineItems?.reduce((sum, line) => sum + line.quantity, 0);
  return {
    checkout_token: checkout?.token ?? null,
    items: items ?? null,
    ...moneyOf(checkout?.totalPrice, checkout?.currencyCode),
  };
}

function variantOf(variant: Variant | null | undefined): Properties {
  return {
    product_id: numericId(variant?.product?.id),
    variant_id: numericId(variant?.id),
    sku: variant?.sku || null,
    product_title: variant?.product?.title ?? null,
  };
}

/**
 * A money value as a decimal string: Shopify hands amounts as JSON numbers, and their shortest
 * round-trip text ("29.99") is the decimal the store meant, which arithmetic on floats is not.
 */
function moneyOf(money: Money | null | undefined, currency?: string | null): Properties {
  if (!money || !Number.isFinite(money.amount)) return { value: null, currency: currency ?? null };
  return { value: decimalText(money.amount), currency: money.currencyCode || currency || null };
}

function decimalText(amount: number): string {
  const text = String(amount);
  // Tiny or huge amounts print in exponent form; money never needs more than 4 places.
  return /e/i.test(text) ? amount.toFixed(4) : text;
}

/**
 * The numeric id inside a Shopify id: pixels hand ids either bare ("5678") or as global ids
 * ("gid://shopify/OrderIdentity/5678"); the store's rows keep the number.
 */
export function numericId(id: string | null | undefined): string | null {
  if (!id) return null;
  const match = /(\d+)(?:\?.*)?$/.exec(id);
  return match ? match[1]! : null;
}

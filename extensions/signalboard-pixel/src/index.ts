import { register } from "@shopify/web-pixels-extension";
import { mapShopifyPixelEvent, SHOPIFY_PIXEL_EVENTS, type PixelTrackEvent } from "../../../lib/tracking/shopify-pixel-map";

// Events emitted together (a product page's page_viewed and product_viewed) go in one request;
// checkout_completed goes at once, since the thank-you page may be left at any moment.
const FLUSH_AFTER_MS = 200;
const MAX_BATCH = 20;
const RETRY_AFTER_MS = 2_000;

register(({ analytics, settings }) => {
  const writeKey = typeof settings.writeKey === "string" ? settings.writeKey : "";
  const endpoint = typeof settings.endpoint === "string" ? settings.endpoint : "";
  if (!writeKey || !endpoint) return;

  let queue: PixelTrackEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  const send = async (batch: PixelTrackEvent[], retry: boolean): Promise<void> => {
    try {
      // text/plain keeps the request "simple" (no CORS preflight); the endpoint parses it as JSON.
      const response = await fetch(endpoint, {
        method: "POST",
        keepalive: true,
        headers: { "content-type": "text/plain;charset=UTF-8" },
        body: JSON.stringify({ write_key: writeKey, batch }),
      });
      // A 4xx means the batch itself is refused (a revoked key, an event the endpoint rejects):
      // sending it again would be refused again. Message ids make a retried 5xx safe.
      if (response.status >= 500 && retry) setTimeout(() => void send(batch, false), RETRY_AFTER_MS);
    } catch {
      if (retry) setTimeout(() => void send(batch, false), RETRY_AFTER_MS);
    }
  };

  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const batch = queue;
    queue = [];
    if (batch.length > 0) void send(batch, true);
  };

  for (const name of SHOPIFY_PIXEL_EVENTS) {
    analytics.subscribe(name, (event) => {
      const mapped = mapShopifyPixelEvent(event);
      if (!mapped) return;
      queue.push(mapped);
      if (name === "checkout_completed" || queue.length >= MAX_BATCH) flush();
      else if (timer === null) timer = setTimeout(flush, FLUSH_AFTER_MS);
    });
  }
});

"use client";

// The embedded app's side of App Bridge (loaded from Shopify's CDN by app/embedded/layout.tsx,
// before any of the app's content). Every request to /api/embedded/** carries a fresh session
// token from `shopify.idToken()`; no cookie is needed inside the admin's iframe.

export const APP_BRIDGE_SRC = "https://cdn.shopify.com/shopifycloud/app-bridge.js";

/** The part of App Bridge's `shopify` global the app uses. */
export type ShopifyGlobal = {
  idToken(): Promise<string>;
  toast?: { show(message: string, options?: { duration?: number; isError?: boolean }): unknown };
};

declare global {
  interface Window {
    shopify?: ShopifyGlobal;
  }
}

/** The header the server sets on a 401 that a fresh token may cure (App Bridge's own convention). */
const RETRY_HEADER = "x-shopify-retry-invalid-session-request";

export class EmbeddedApiError extends Error {
  constructor(message: string, readonly status: number, readonly reload: boolean) {
    super(message);
    this.name = "EmbeddedApiError";
  }
}

/**
 * App Bridge, once the document has been parsed: its script blocks the parser, so it has run (or
 * failed to load) by DOMContentLoaded. Null outside the Shopify admin.
 */
export async function appBridge(): Promise<ShopifyGlobal | null> {
  if (document.readyState === "loading") await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
  return window.shopify ?? null;
}

async function send(bridge: ShopifyGlobal, path: string, init: RequestInit): Promise<Response> {
  const token = await bridge.idToken();
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  headers.set("accept", "application/json");
  return fetch(path, { ...init, headers, credentials: "omit" });
}

const OUTSIDE_ADMIN = "Open Signalboard from your Shopify admin.";

/** A call to the embedded API with the session token, answered as the server answered it. */
export async function embeddedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const bridge = await appBridge();
  if (!bridge) return Response.json({ error: { message: OUTSIDE_ADMIN, reload: true } }, { status: 401 });
  const response = await send(bridge, path, init);
  // A token can expire between being issued and read: one retry with a fresh one, as App Bridge does.
  if (response.status === 401 && response.headers.get(RETRY_HEADER) === "1") return send(bridge, path, init);
  return response;
}

/** A JSON call to the embedded API with the session token; the API's message on failure. */
export async function embeddedJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  if (!(await appBridge())) throw new EmbeddedApiError(OUTSIDE_ADMIN, 0, true);
  const response = await embeddedFetch(path, init);
  // An empty or non-JSON body (a proxy's error page) reads as null.
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (json as { error?: { message?: string; reload?: boolean } } | null)?.error;
    throw new EmbeddedApiError(error?.message ?? `The request failed (HTTP ${response.status}).`, response.status, error?.reload === true);
  }
  return json as T;
}

/** The admin's toast; nothing outside the admin. */
export function toast(message: string, options: { isError?: boolean } = {}): void {
  window.shopify?.toast?.show(message, { duration: 4000, ...options });
}

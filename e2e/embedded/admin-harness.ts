import crypto from "node:crypto";
import type { BrowserContext, FrameLocator, Page } from "@playwright/test";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { APP_BRIDGE_SRC } from "@/components/embedded/app-bridge";
import { POLARIS_SRC } from "@/components/embedded/polaris-src";

// What the Shopify admin does around the embedded app, for tests and the benchmark: a page on
// the admin's origin (answered by route interception: the network is closed) that frames the app
// with shop, host and a signed id_token, and App Bridge from the CDN replaced by a stand-in that
// provides shopify.idToken(), a fetch that adds the bearer token, and toasts the test can read.

export const ADMIN_ORIGIN = "https://admin.shopify.com";

export const uniqueShop = (tag = "shop") => `${tag}-${crypto.randomBytes(4).toString("hex")}.myshopify.com`;

/** A session token as the admin signs it: HS256 with the app's secret, for staff member `sub`. */
export async function sessionToken(shop: string, apiKey: string, secret: string, sub = "4201"): Promise<string> {
  return (await getJwt(shop.replace(/\.myshopify\.com$/, ""), apiKey, secret, { sub })).token;
}

function appBridgeStandIn(token: string): string {
  return `(() => {
  const token = ${JSON.stringify(token)};
  const nativeFetch = window.fetch.bind(window);
  window.fetch = (input, init = {}) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? String(input) : input.url, location.href);
    if (url.origin !== location.origin) return nativeFetch(input, init);
    const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
    if (!headers.has("authorization")) headers.set("authorization", "Bearer " + token);
    return nativeFetch(input, { ...init, headers });
  };
  window.__toasts = [];
  window.shopify = {
    idToken: async () => token,
    toast: { show: (message, options) => { window.__toasts.push({ message, isError: Boolean(options && options.isError) }); } },
  };
})();`;
}

/** Serves the App Bridge stand-in, for `token`, wherever the CDN script is asked for. */
export async function standInAppBridge(context: BrowserContext, token: string): Promise<void> {
  await context.unroute(APP_BRIDGE_SRC);
  await context.route(APP_BRIDGE_SRC, (route) => route.fulfill({ contentType: "text/javascript", body: appBridgeStandIn(token) }));
  // Polaris's CDN script is refused outright (the network is closed anyway): the views' plain
  // fallback is what the tests drive, without waiting on a download that cannot finish.
  await context.unroute(POLARIS_SRC);
  await context.route(POLARIS_SRC, (route) => route.abort());
}

export type OpenOptions = { appUrl: string; shop: string; token: string; path?: string; adminOrigin?: string };

/** The app's URL as the admin loads it: its path with shop, host, embedded and id_token. */
export function embeddedSrc({ appUrl, shop, token, path = "/embedded" }: OpenOptions): string {
  const host = Buffer.from(`admin.shopify.com/store/${shop.split(".")[0]}`).toString("base64url");
  const url = new URL(path, appUrl);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("host", host);
  url.searchParams.set("shop", shop);
  url.searchParams.set("id_token", token);
  return url.toString();
}

/** Opens `src` in an iframe on a page of `adminOrigin` (the admin, or any other site). */
export async function frameIn(page: Page, src: string, adminOrigin = ADMIN_ORIGIN): Promise<FrameLocator> {
  await page.route(`${adminOrigin}/**`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html><head><title>Shopify admin</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="margin:0"><iframe name="app-iframe" title="Signalboard" src="${src.replaceAll("&", "&amp;")}" style="display:block;width:100%;height:100vh;border:0"></iframe></body></html>`,
    }),
  );
  await page.goto(`${adminOrigin}/store/harness/apps/signalboard`);
  return page.frameLocator('iframe[name="app-iframe"]');
}

/** The embedded app inside the admin for `shop`, signed in as the token's staff member. */
export async function openInAdmin(page: Page, options: OpenOptions): Promise<FrameLocator> {
  await standInAppBridge(page.context(), options.token);
  return frameIn(page, embeddedSrc(options), options.adminOrigin);
}

import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// The embedded Shopify app's spec runs against its own server with the app's credentials, its
// shops' Admin API answered by the stand-in in e2e/embedded/shopify-stand-in.ts three ports above
// the app's (the billing spec's stand-in Stripe and database take the two between).
const PORT = Number(process.env.E2E_PORT ?? 3100);
const SHOPIFY_PORT = PORT + 3;
const appServer = Array.isArray(base.webServer) ? base.webServer[0]! : base.webServer!;

export const EMBEDDED_API_KEY = "e2e-embedded-client-id";
export const EMBEDDED_API_SECRET = "e2e-embedded-client-secret";

// The harness's admin page is a public origin framing the app on localhost, which Chromium's Local
// Network Access checks refuse outright (no prompt when headless); in production both are public.
const launchOptions = base.use?.launchOptions ?? {};
export const LOCAL_NETWORK_FROM_PUBLIC = "--disable-features=LocalNetworkAccessChecks";

export default defineConfig({
  ...base,
  use: { ...base.use, launchOptions: { ...launchOptions, args: [...(launchOptions.args ?? []), LOCAL_NETWORK_FROM_PUBLIC] } },
  testMatch: /embedded\.spec\.ts/,
  testIgnore: [],
  projects: [
    { name: "desktop" },
    { name: "phone", use: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } },
  ],
  webServer: [
    { command: `tsx e2e/embedded/shopify-stand-in.ts ${SHOPIFY_PORT}`, url: `http://localhost:${SHOPIFY_PORT}/health`, timeout: 30_000, reuseExistingServer: false, stdout: "pipe", stderr: "pipe" },
    {
      ...appServer,
      env: {
        ...appServer.env,
        SEED_DEMO: "0",
        SHOPIFY_API_KEY: EMBEDDED_API_KEY,
        SHOPIFY_API_SECRET: EMBEDDED_API_SECRET,
        SHOPIFY_API_BASE: `http://localhost:${SHOPIFY_PORT}`,
        // Meta's app credentials, so the embedded connections page can open its consent in a new
        // window (the spec answers facebook.com itself: the network is closed).
        META_APP_ID: "e2e-meta-app-id",
        META_APP_SECRET: "e2e-meta-app-secret",
      },
    },
  ],
});

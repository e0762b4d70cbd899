import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// The billing spec runs against its own server with billing on, talking to a stand-in Stripe
// (e2e/billing/stripe-stand-in.ts) one port above the app's, which delivers signed webhooks back to
// it; its throwaway database listens two above (e2e/billing/app-server.ts). The main suite runs with billing off.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const STRIPE_PORT = PORT + 1;
const DATABASE_PORT = PORT + 2;
const appServer = Array.isArray(base.webServer) ? base.webServer[0]! : base.webServer!;

export default defineConfig({
  ...base,
  testMatch: /billing\.spec\.ts/,
  testIgnore: [],
  projects: [{ name: "desktop" }],
  webServer: [
    { command: `tsx e2e/billing/stripe-stand-in.ts ${STRIPE_PORT} http://localhost:${PORT} whsec_e2e`, url: `http://localhost:${STRIPE_PORT}/health`, timeout: 30_000, reuseExistingServer: false, stdout: "pipe", stderr: "pipe" },
    {
      ...appServer,
      command: `tsx e2e/billing/app-server.ts ${PORT} ${DATABASE_PORT}`,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      env: {
        ...appServer.env,
        SEED_DEMO: "0",
        STRIPE_SECRET_KEY: "sk_test_e2e",
        STRIPE_WEBHOOK_SECRET: "whsec_e2e",
        STRIPE_API_BASE: `http://localhost:${STRIPE_PORT}`,
      },
    },
  ],
});

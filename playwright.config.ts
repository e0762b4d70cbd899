import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { databaseUrlFile } from "./e2e/operator-cli";

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://localhost:${PORT}`;

// The system Chromium when there is one (machines that cannot download Playwright's own build),
// else Playwright's bundled browser from `npx playwright install chromium`.
const systemChromium = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  // Billing and the embedded Shopify app run with their own servers and stand-ins:
  // playwright.billing.config.ts, playwright.embedded.config.ts.
  testIgnore: /(billing|embedded)\.spec\.ts/,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    ...devices["Desktop Chrome"],
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    launchOptions: systemChromium
      ? {
          executablePath: systemChromium,
          args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        }
      : {},
  },
  // The whole suite runs on a desktop; every page is also visited on a phone and a tablet
  // (e2e/every-page.spec.ts), which is where layouts break.
  projects: [
    { name: "desktop" },
    { name: "tablet", testMatch: /every-page\.spec\.ts/, use: { viewport: { width: 768, height: 1024 }, hasTouch: true } },
    { name: "phone", testMatch: /every-page\.spec\.ts/, use: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } },
  ],
  webServer: {
    // The production build (`next build` runs first in `npm run test:e2e`) on a throwaway database.
    command: `tsx lib/server/launch.ts start --ephemeral --port ${PORT}`,
    url: `${BASE_URL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // The demo workspace too (a small store), for the specs that read its dashboards. The database's
    // URL is written where e2e/operator-cli.ts finds it, for the operator commands.
    env: {
      SIGNALBOARD_DEV_OUTBOX: "1",
      SIGNALBOARD_DEV_SINK: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      DEMO_STORE_ORDERS: "2000",
      SEED_DEMO: "1",
      SIGNALBOARD_DATABASE_URL_FILE: databaseUrlFile(PORT),
    },
  },
});

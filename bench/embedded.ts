// Core Web Vitals of the embedded Shopify app, as Built for Shopify measures them: LCP, CLS and
// INP of the embedded home and of the Overview dashboard, in Chromium (/usr/bin/chromium or
// PLAYWRIGHT_CHROMIUM_PATH) with Google's web-vitals library, against a production build.
//
// The app runs framed the way the admin frames it (e2e/embedded/admin-harness.ts: a page on
// admin.shopify.com answered by interception, App Bridge's CDN script replaced by a stand-in), on
// a throwaway database, its shop installed through the stand-in Shopify
// (e2e/embedded/shopify-stand-in.ts) and backfilled before anything is measured.
//
// Throttled profile (Lighthouse's mobile "Slow 4G" defaults, applied over the Chrome DevTools
// Protocol): 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, CPU slowed 4x. Site isolation is
// off so the cross-origin frame shares the throttled renderer, and Local Network Access checks are
// off so a public origin may frame localhost. INP needs an interaction: on the
// home a click on Refresh, on the Overview a keyboard change of the date range.
//
// Prints, per page, the median of RUNS loads (lines of their own):
//   home_lcp_ms X / home_cls X / home_inp_ms X
//   overview_lcp_ms X / overview_cls X / overview_inp_ms X
// Goals: LCP <= 2500 ms, CLS <= 0.1, INP <= 200 ms (Google's "good" thresholds).
//
// Usage: npm run bench:embedded [-- --runs 3] [--port 3330] [--cpu 4]
// Needs a production build (`npm run build`); it runs one when .next has none.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium, type Browser, type Frame } from "@playwright/test";
import { embeddedSrc, frameIn, sessionToken, standInAppBridge, uniqueShop } from "../e2e/embedded/admin-harness";
import { ensureBuild, startServer, stopServer, waitForHealth } from "./server";
import { numberOption, percentile } from "./stats";
import { runBench, withBenchDatabase } from "./support";

const RUNS = numberOption("runs", 3);
const PORT = numberOption("port", 3330);
const CPU_SLOWDOWN = numberOption("cpu", 4);
const SHOPIFY_PORT = PORT + 2;
const APP = `http://localhost:${PORT}`;
const API_KEY = "bench-embedded-client-id";
const API_SECRET = "bench-embedded-client-secret";
const NETWORK = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

type Vitals = { lcp: number | null; cls: number | null; inp: number | null };

/** web-vitals' browser build, started in the app's frame only, keeping every value it reports. */
function vitalsScript(): string {
  // The package exports no path to its browser build: it sits beside the CommonJS entry.
  const entry = createRequire(__filename).resolve("web-vitals");
  const library = fs.readFileSync(path.join(path.dirname(entry), "web-vitals.iife.js"), "utf8");
  return `if (location.origin === ${JSON.stringify(APP)}) {
${library}
window.__vitals = { lcp: null, cls: null, inp: null };
const keep = (name) => (metric) => { window.__vitals[name] = metric.value; };
webVitals.onLCP(keep("lcp"), { reportAllChanges: true });
webVitals.onCLS(keep("cls"), { reportAllChanges: true });
webVitals.onINP(keep("inp"), { reportAllChanges: true, durationThreshold: 0 });
}`;
}

async function poll<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Timed out waiting for ${what}.`);
}

/** Installs the shop (the app's first call) and waits for the backfill it queued to finish. */
async function install(shop: string, token: string): Promise<void> {
  const headers = { authorization: `Bearer ${token}` };
  const session = await fetch(`${APP}/api/embedded/session`, { method: "POST", headers });
  if (!session.ok) throw new Error(`The install answered ${session.status}: ${await session.text()}`);
  await poll("the backfill", async () => {
    const home = (await (await fetch(`${APP}/api/embedded/home`, { headers })).json()) as { store: { current_run: unknown; last_synced_at: string | null; last_error: string | null } | null };
    if (home.store?.last_error) throw new Error(`The backfill failed: ${home.store.last_error}`);
    return home.store && !home.store.current_run && home.store.last_synced_at ? true : null;
  });
  console.error(`installed ${shop}`);
}

async function measure(browser: Browser, shop: string, token: string, page: "home" | "overview"): Promise<Vitals> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await standInAppBridge(context, token);
    await context.addInitScript(vitalsScript());
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", NETWORK);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    const path = page === "home" ? "/embedded" : "/embedded/dashboards";
    const app = await frameIn(tab, embeddedSrc({ appUrl: APP, shop, token, path }));
    await app.getByTestId("kpi-value").first().waitFor({ timeout: 120_000 });
    const frame = tab.frames().find((f) => f.name() === "app-iframe") as Frame;
    // Let late layout shifts and the last LCP candidate land before interacting (input stops LCP).
    await tab.waitForTimeout(1_500);
    if (page === "home") {
      await app.getByTestId("embedded-refresh").click();
    } else {
      await app.getByTestId("embedded-range-select").focus();
      await tab.keyboard.press("ArrowDown");
      await frame.waitForURL(/range=(?!last_30_days)/);
    }
    await app.getByTestId("kpi-value").first().waitFor();
    return await poll("INP", () => frame.evaluate(() => {
      const v = (window as unknown as { __vitals: Vitals }).__vitals;
      return v.inp === null ? null : v;
    }), 30_000);
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);

async function main() {
  ensureBuild();
  await withBenchDatabase({}, async () => {
    const standIn: ChildProcess = spawn(process.execPath, ["--import", "tsx", "e2e/embedded/shopify-stand-in.ts", String(SHOPIFY_PORT)], { stdio: ["ignore", "ignore", "inherit"] });
    const server = startServer(PORT, { SHOPIFY_API_KEY: API_KEY, SHOPIFY_API_SECRET: API_SECRET, SHOPIFY_API_BASE: `http://localhost:${SHOPIFY_PORT}` });
    const browser = await chromium.launch({
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-site-isolation-trials", "--disable-features=IsolateOrigins,site-per-process,LocalNetworkAccessChecks"],
    });
    try {
      await waitForHealth(server, APP);
      const shop = uniqueShop("bench");
      const token = await sessionToken(shop, API_KEY, API_SECRET);
      await install(shop, token);
      // One unmeasured load of each page warms the server's compiled routes and report cache.
      for (const page of ["home", "overview"] as const) await measure(browser, shop, token, page);
      for (const page of ["home", "overview"] as const) {
        const runs: Vitals[] = [];
        for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, shop, token, page));
        console.log(`${page}_lcp_ms ${Math.round(median(runs.map((r) => r.lcp ?? NaN)))}`);
        console.log(`${page}_cls ${median(runs.map((r) => r.cls ?? 0)).toFixed(3)}`);
        console.log(`${page}_inp_ms ${Math.round(median(runs.map((r) => r.inp ?? NaN)))}`);
      }
    } finally {
      await browser.close();
      await stopServer(server);
      await stopServer(standIn);
    }
  });
}

runBench(main);

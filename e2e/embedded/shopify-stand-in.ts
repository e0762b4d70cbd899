// A stand-in for the Shopify shops the embedded e2e test and the embedded benchmark install:
// the app reaches it through SHOPIFY_API_BASE ({base}/{shop}/admin/...). It answers the token
// exchange in Shopify's documented shape (an expiring offline token) and each shop's Admin
// GraphQL API with the generated demo store (the same fake the demo workspace syncs from), so
// the install's backfill fills real dashboards. Bulk result files, which Shopify serves from
// another host, are served here too. `GET /__exchanges` shows the test which shops were asked.
import crypto from "node:crypto";
import http from "node:http";
import { createDemoShopifyFetch, DEMO_BULK_HOST } from "@/lib/connectors/shopify/demo/server";
import { SHOPIFY_SCOPES } from "@/lib/connectors/shopify/oauth/config";

const port = Number(process.argv[2] ?? 3472);
const base = `http://localhost:${port}`;
const ORDERS = Number(process.env.STAND_IN_ORDERS ?? 1500);
const SHOP = /^\/([a-z0-9][a-z0-9-]*\.myshopify\.com)(\/admin\/.*)$/;

const exchanges: { shop: string; at: string }[] = [];
const shops = new Map<string, ReturnType<typeof createDemoShopifyFetch>>();

/** One demo store per shop, its history ending now, so the last 30 days have orders. */
function storeOf(shop: string) {
  let store = shops.get(shop);
  if (!store) {
    store = createDemoShopifyFetch({ seed: 7, orders: ORDERS, shop, endDate: new Date(), bulkPollsToComplete: 1, bulkDurationMs: 0 });
    shops.set(shop, store);
  }
  return store;
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

async function bodyOf(req: http.IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text;
}

async function relay(res: http.ServerResponse, answer: Response, rewrite: boolean) {
  let text = await answer.text();
  if (rewrite) text = text.replaceAll(`https://${DEMO_BULK_HOST}/`, `${base}/__bulk/`);
  res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
  res.end(text);
}

http
  .createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", base);
    if (url.pathname === "/health") return json(res, 200, { ok: true });
    if (url.pathname === "/__exchanges") return json(res, 200, exchanges);
    if (url.pathname.startsWith("/__bulk/")) {
      const rest = url.pathname.slice("/__bulk/".length);
      const shop = rest.split("/")[0]!;
      return relay(res, await storeOf(shop)(`https://${DEMO_BULK_HOST}/${rest}`), false);
    }
    const match = SHOP.exec(url.pathname);
    if (!match) return json(res, 404, { errors: "Not Found" });
    const [, shop, path] = match as unknown as [string, string, string];
    const body = await bodyOf(req);
    if (req.method === "POST" && path === "/admin/oauth/access_token") {
      exchanges.push({ shop, at: new Date().toISOString() });
      return json(res, 200, {
        access_token: `shpat_${crypto.randomBytes(16).toString("hex")}`,
        scope: SHOPIFY_SCOPES.join(","),
        expires_in: 3600,
        refresh_token: `shprt_${crypto.randomBytes(16).toString("hex")}`,
        refresh_token_expires_in: 7_776_000,
      });
    }
    if (req.method === "POST" && path.endsWith("/graphql.json")) {
      const answer = await storeOf(shop)(`https://${shop}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": String(req.headers["x-shopify-access-token"] ?? "") },
        body,
      });
      return relay(res, answer, true);
    }
    return json(res, 404, { errors: "Not Found" });
  })
  .listen(port, () => console.log(`stand-in Shopify on ${base}`));

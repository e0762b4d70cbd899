import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as shopifyWebhook } from "@/app/api/webhooks/shopify/route";
import { requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { verifyCredentials } from "@/lib/auth/users";
import { createShopifyClient } from "@/lib/connectors/shopify/client";
import { createDemoShopifyFetch } from "@/lib/connectors/shopify/demo/server";
import { createShopifySource } from "@/lib/connectors/shopify/source";
import { localJobsSettled } from "@/lib/jobs/local";
import { captureLogs } from "@/lib/log";
import { seedUser } from "@/lib/seed/factories";
import { executeRun } from "@/lib/sync/runner";
import { createRun } from "@/lib/sync/runs";
import { linkIn, outboxFor, tokenFrom, uniqueIp } from "./helpers";
import { API_KEY, API_SECRET, fixtureText, orderBody, seedShopifyConnection, signedWebhook, uniqueShop } from "./shopify-webhooks/support";

// Whatever a sync, a webhook or a sign-in logs, a store's access token, a member's email, a
// password and an emailed sign-in token never reach the log output, in any spelling.

const ACCESS_TOKEN = `shpat_${crypto.randomBytes(16).toString("hex")}`;
const EMAIL = `Leak.Check-${crypto.randomBytes(4).toString("hex")}@Example.test`;
const PASSWORD = `pw-${crypto.randomBytes(12).toString("hex")}`;
const noSleep = async () => {};

let logs: ReturnType<typeof captureLogs>;
const secrets: string[] = [ACCESS_TOKEN, EMAIL, PASSWORD];

beforeAll(() => {
  vi.stubEnv("SMTP_URL", "");
  vi.stubEnv("APP_URL", "https://signalboard.test");
  vi.stubEnv("SHOPIFY_API_KEY", API_KEY);
  vi.stubEnv("SHOPIFY_API_SECRET", API_SECRET);
  logs = captureLogs("debug");
});

afterAll(() => {
  logs.stop();
  vi.unstubAllEnvs();
});

function expectNoLeak(): void {
  const text = logs.text();
  expect(text.length).toBeGreaterThan(0);
  for (const secret of secrets) {
    for (const spelling of new Set([secret, secret.toLowerCase(), secret.toUpperCase(), encodeURIComponent(secret), encodeURIComponent(secret.toLowerCase())])) {
      expect(text, `"${spelling}" reached the log`).not.toContain(spelling);
    }
  }
}

const linesOf = (scope: string) => logs.lines().map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.scope === scope);

describe("log output", () => {
  it("of a Shopify sync (a recorded failure, a retry, a success and a refused token) holds no token or email", async () => {
    const { workspaceId, connectionId, shop } = await seedShopifyConnection({ shop: uniqueShop() });
    const scope = { workspaceId, connectionId };
    const demo = createDemoShopifyFetch({ shop, accessToken: ACCESS_TOKEN, seed: 3, orders: 120, historyDays: 30 });
    let calls = 0;
    // The first answer is Shopify's recorded internal error; the client retries it.
    const fetch: typeof demo = async (input, init) => {
      calls += 1;
      if (calls === 1) return new Response(fixtureText("graphql/graphql_error_internal_server_error.json"), { status: 500, headers: { "Content-Type": "application/json" } });
      return demo(input, init);
    };
    const source = createShopifySource(createShopifyClient({ shop, accessToken: ACCESS_TOKEN, fetch, sleep: noSleep }));
    const run = await createRun(scope, "backfill");
    expect(await executeRun(scope, run.id, { sleep: noSleep, source })).toBe("succeeded");

    const refused = createShopifySource(createShopifyClient({ shop, accessToken: `${ACCESS_TOKEN}x`, fetch: demo, sleep: noSleep }));
    const failing = await createRun(scope, "incremental");
    expect(await executeRun(scope, failing.id, { sleep: noSleep, source: refused })).toBe("failed");
    secrets.push(`${ACCESS_TOKEN}x`);

    expect(linesOf("sync").some((line) => line.msg === "run failed" && line.runId === failing.id)).toBe(true);
    expectNoLeak();
  }, 120_000);

  it("of a webhook receipt holds no email from its body", async () => {
    const { shop } = await seedShopifyConnection({ shop: uniqueShop() });
    const order = JSON.parse(orderBody().body) as Record<string, unknown> & { customer: Record<string, unknown> };
    order.email = EMAIL;
    order.contact_email = EMAIL;
    order.customer.email = EMAIL;
    const response = await shopifyWebhook(signedWebhook("orders/create", JSON.stringify(order), { shop }));
    expect(response.status).toBe(200);
    await localJobsSettled();
    // An unknown topic and a body that cannot be processed log too.
    expect((await shopifyWebhook(signedWebhook("orders/paid", JSON.stringify(order), { shop }))).status).toBe(200);
    const broken = { ...order, id: "not a number", admin_graphql_api_id: null };
    expect((await shopifyWebhook(signedWebhook("orders/create", JSON.stringify(broken), { shop }))).status).toBe(200);
    await localJobsSettled();

    expect(linesOf("shopify-webhook").length).toBeGreaterThanOrEqual(2);
    expectNoLeak();
  });

  it("of a sign-in by password and by an emailed link holds no email, password or token", async () => {
    await seedUser({ email: EMAIL, password: PASSWORD });
    const ip = uniqueIp();
    await expect(verifyCredentials({ email: EMAIL, password: `${PASSWORD}-wrong` }, ip)).rejects.toThrow();
    await expect(verifyCredentials({ email: EMAIL, password: PASSWORD }, ip)).resolves.toMatchObject({ email: EMAIL.toLowerCase() });

    await requestPasswordReset({ email: EMAIL });
    const [mail] = await outboxFor(EMAIL.toLowerCase());
    const token = tokenFrom(linkIn(mail!.text, "/reset-password/"));
    secrets.push(token, linkIn(mail!.text, "/reset-password/"));
    const newPassword = `new-${PASSWORD}`;
    secrets.push(newPassword);
    await resetPassword(token, { password: newPassword });
    await expect(verifyCredentials({ email: EMAIL, password: newPassword }, uniqueIp())).resolves.toMatchObject({ email: EMAIL.toLowerCase() });

    expect(linesOf("email").some((line) => typeof line.outboxId === "string")).toBe(true);
    expectNoLeak();
  });
});

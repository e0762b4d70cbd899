import { describe, expect, it } from "vitest";
import { createDouyinClient } from "@/lib/connectors/douyin/client";
import { ConnectorError } from "@/lib/connectors/common/errors";
import { createDouyinProvider } from "@/lib/connectors/douyin/provider";
import { db } from "@/lib/db/client";
import { syncOrders } from "@/lib/douplus/sync";
import accessToken from "@/lib/connectors/douyin/fixtures/oauth-access-token.json";
import refreshExpired from "@/lib/connectors/douyin/fixtures/oauth-refresh-expired.json";
import orderList from "@/lib/connectors/douyin/fixtures/order-list.json";
import empty from "@/lib/connectors/douyin/fixtures/order-list-empty.json";
import lying from "@/lib/connectors/douyin/fixtures/order-list-lying-total.json";
import rateLimited from "@/lib/connectors/douyin/fixtures/rate-limited.json";
import tokenExpired from "@/lib/connectors/douyin/fixtures/token-expired.json";
import { douyinConnection } from "./fake-douyin";

// The real client over recorded answers: what it sends, and what each documented answer becomes.

const NOW = new Date("2026-01-27T00:00:00Z");
type Seen = { url: string; init: RequestInit };

function answering(...bodies: unknown[]) {
  const seen: Seen[] = [];
  const fetchImpl = async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    const body = bodies[Math.min(seen.length - 1, bodies.length - 1)];
    return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  };
  return { seen, options: { fetchImpl, sleep: async () => {}, base: () => "https://douyin.test", attempts: 2 } };
}

describe("the Douyin client on recorded answers", () => {
  it("asks the order list with the account, page and window, and syncs the documented answer", async () => {
    const { scope } = await douyinConnection();
    const { seen, options } = answering(orderList);
    const client = createDouyinClient("act.token", options);
    expect(await syncOrders(scope, { now: NOW, client })).toMatchObject({ mode: "full", orders: 3 });
    const url = new URL(seen[0]!.url);
    expect(url.pathname).toBe("/open_api/v3.0/douplus/order/list/");
    expect(url.searchParams.get("page")).toBe("1");
    expect(url.searchParams.get("page_size")).toBe("100");
    expect((seen[0]!.init.headers as Record<string, string>)["access-token"]).toBe("act.token");
    const budgets = (await db.douplusOrder.findMany({ where: scope, orderBy: { orderId: "asc" } })).map((o) => Number(o.budgetFen));
    expect(budgets).toEqual([50000, 10000, 10000]);
  });

  it("syncs an empty list to nothing, and records a page_info that claims more than it holds", async () => {
    const a = await douyinConnection();
    expect(await syncOrders(a.scope, { now: NOW, client: createDouyinClient("t", answering(empty).options) })).toMatchObject({ orders: 0, issues: 0 });
    const b = await douyinConnection();
    expect(await syncOrders(b.scope, { now: NOW, client: createDouyinClient("t", answering(lying).options) })).toMatchObject({ orders: 1, issues: 1 });
    expect(await db.douplusIssue.findFirst({ where: b.scope })).toMatchObject({ kind: "page_info_mismatch", detail: expect.stringContaining("claimed 250") });
  });

  it("turns 40108 into a lost authorisation and retries a rate limit", async () => {
    const expired = createDouyinClient("t", answering(tokenExpired).options);
    await expect(expired.orderPage({ secUid: "s", page: 1, pageSize: 1, updatedFrom: "", updatedTo: "" })).rejects.toMatchObject({ kind: "auth", providerCode: "40108" });
    const limited = answering(rateLimited, orderList);
    const page = await createDouyinClient("t", limited.options).orderPage({ secUid: "s", page: 1, pageSize: 100, updatedFrom: "", updatedTo: "" });
    expect(limited.seen).toHaveLength(2);
    expect(page.list).toHaveLength(3);
  });

  it("exchanges a code for tokens with the user's open_id, and calls a lapsed refresh token lost access", async () => {
    const config = () => ({ clientKey: "tt-key", clientSecret: "tt-secret", scopes: "user_info" });
    const exchange = answering(accessToken);
    const provider = createDouyinProvider({ ...exchange.options, config, now: () => NOW.getTime() });
    const tokens = await provider.exchangeCode({ code: "c0de", redirectUri: "https://app.test/api/connect/douyin/callback" });
    expect(tokens).toMatchObject({ accessToken: accessToken.data.access_token, subject: "aaa-bbb-ccc", expiresAt: "2026-02-11T00:00:00.000Z", refreshExpiresAt: "2026-02-26T00:00:00.000Z" });
    expect(String(exchange.seen[0]!.init.body)).toContain("grant_type=authorization_code");
    expect(await provider.listAccounts(tokens)).toEqual([expect.objectContaining({ id: "aaa-bbb-ccc", currency: "CNY", timeZone: "Asia/Shanghai" })]);
    const refusing = createDouyinProvider({ ...answering(refreshExpired).options, config });
    const error = await refusing.refreshTokens(tokens).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: "auth", providerCode: "10010" });
    expect(provider.authorizeUrl({ state: "n0nce", redirectUri: "https://app.test/cb" })).toContain("client_key=tt-key");
  });
});

import { delay, http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SHOPIFY_API_VERSION } from "@/lib/connectors/shopify/api-version";
import { createShopifyClient, type ShopifyClientOptions } from "@/lib/connectors/shopify/client";
import { ShopifyApiError, ShopifyAuthError } from "@/lib/connectors/shopify/errors";
import { SHOP_QUERY, timeRangeSearch } from "@/lib/connectors/shopify/queries";
import { createShopifySource } from "@/lib/connectors/shopify/source";
import internalServerError from "../fixtures/shopify/graphql/graphql_error_internal_server_error.json";
import shopWithCost from "../fixtures/shopify/graphql/graphql_shop_query_with_cost_extension.json";
import { cost, lineItem, orderNode, refundDetails, SHOP, throttled, type GraphQLBody } from "./payloads";

const ENDPOINT = `https://${SHOP}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function makeClient(options: Partial<ShopifyClientOptions> = {}) {
  const sleeps: number[] = [];
  let clock = 1_000_000;
  const client = createShopifyClient({
    shop: SHOP,
    accessToken: "shpat_test_token",
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => clock,
    ...options,
  });
  return { client, sleeps, advance: (ms: number) => (clock += ms) };
}

/** Answers each call with the next responder; counts the calls. */
function sequence(...responders: ((body: GraphQLBody) => Response | Promise<Response>)[]) {
  const calls: GraphQLBody[] = [];
  server.use(
    http.post(ENDPOINT, async ({ request }) => {
      const body = (await request.json()) as GraphQLBody;
      calls.push(body);
      const responder = responders[Math.min(calls.length - 1, responders.length - 1)]!;
      return responder(body);
    }),
  );
  return calls;
}

describe("createShopifyClient", () => {
  it("POSTs the document to the pinned version with the token and operation name, and returns data and cost", async () => {
    let seen: Request | undefined;
    server.use(
      http.post(ENDPOINT, ({ request }) => {
        seen = request.clone();
        return HttpResponse.json(shopWithCost);
      }),
    );
    const { client } = makeClient();
    const result = await client.graphql<{ shop: { name: string } }>(SHOP_QUERY);
    expect(result.data.shop.name).toBe("Graphql Gem Test");
    expect(result.cost?.throttleStatus.currentlyAvailable).toBe(999);
    expect(seen?.headers.get("X-Shopify-Access-Token")).toBe("shpat_test_token");
    expect(seen?.headers.get("Content-Type")).toBe("application/json");
    const body = (await seen!.json()) as GraphQLBody;
    expect(body).toEqual({ query: SHOP_QUERY, variables: {}, operationName: "Shop" });
  });

  it("refuses a shop that is not a myshopify.com domain (the token must not go elsewhere)", () => {
    expect(() => createShopifyClient({ shop: "evil.example.com", accessToken: "t" })).toThrow(ShopifyApiError);
    expect(() => createShopifyClient({ shop: "acme.myshopify.com.evil.com", accessToken: "t" })).toThrow(ShopifyApiError);
  });

  it("on THROTTLED waits for the bucket to refill what was asked (cost / restoreRate), then retries", async () => {
    const calls = sequence(
      () => HttpResponse.json(throttled(752, 12, 50)),
      () => HttpResponse.json({ data: { shop: { name: "A" } }, extensions: cost(752, 1000, 50) }),
    );
    const { client, sleeps } = makeClient();
    const result = await client.graphql<{ shop: { name: string } }>(SHOP_QUERY);
    expect(result.data.shop.name).toBe("A");
    expect(calls).toHaveLength(2);
    // (752 - 12) points at 50 points/s = 14.8 s.
    expect(sleeps).toEqual([14_800]);
  });

  it("waits before a call when the last known bucket cannot pay for it, counting the refill since", async () => {
    sequence(() => HttpResponse.json({ data: { shop: { name: "A" } }, extensions: cost(500, 100, 50) }));
    const { client, sleeps, advance } = makeClient();
    await client.graphql(SHOP_QUERY);
    expect(sleeps).toEqual([]);
    advance(2_000); // +100 points restored: 200 available, 500 wanted
    await client.graphql(SHOP_QUERY);
    expect(sleeps).toEqual([6_000]);
  });

  it("honours Retry-After on HTTP 429", async () => {
    const calls = sequence(
      () => new HttpResponse("Too Many Requests", { status: 429, headers: { "Retry-After": "2.5" } }),
      () => HttpResponse.json({ data: { shop: { name: "A" } }, extensions: cost(1, 999) }),
    );
    const { client, sleeps } = makeClient();
    await client.graphql(SHOP_QUERY);
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([2_500]);
  });

  it("retries 5xx with exponential backoff and then succeeds", async () => {
    const calls = sequence(
      () => new HttpResponse("Service Unavailable", { status: 503 }),
      () => new HttpResponse("Bad Gateway", { status: 502 }),
      () => HttpResponse.json({ data: { shop: { name: "A" } }, extensions: cost(1, 999) }),
    );
    const { client, sleeps } = makeClient();
    await expect(client.graphql(SHOP_QUERY)).resolves.toMatchObject({ data: { shop: { name: "A" } } });
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([1_000, 2_000]);
  });

  it("gives up after 4 attempts of 5xx with a ShopifyApiError", async () => {
    const calls = sequence(() => new HttpResponse("Internal Server Error", { status: 500 }));
    const { client, sleeps } = makeClient();
    const error = await client.graphql(SHOP_QUERY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyApiError);
    expect(error).toMatchObject({ code: "HTTP_500", status: 500 });
    expect(calls).toHaveLength(4);
    expect(sleeps).toEqual([1_000, 2_000, 4_000]);
  });

  it("treats Shopify's INTERNAL_SERVER_ERROR GraphQL answer as transient", async () => {
    const calls = sequence(
      () => HttpResponse.json(internalServerError),
      () => HttpResponse.json({ data: { shop: { name: "A" } }, extensions: cost(1, 999) }),
    );
    const { client, sleeps } = makeClient();
    await client.graphql(SHOP_QUERY);
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([1_000]);
  });

  it("retries network errors and timeouts", async () => {
    const calls = sequence(
      () => HttpResponse.error(),
      async () => {
        await delay(500);
        return HttpResponse.json({ data: { shop: { name: "late" } } });
      },
      () => HttpResponse.json({ data: { shop: { name: "A" } }, extensions: cost(1, 999) }),
    );
    const { client, sleeps } = makeClient({ timeoutMs: 50 });
    await expect(client.graphql(SHOP_QUERY)).resolves.toMatchObject({ data: { shop: { name: "A" } } });
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([1_000, 2_000]);
  });

  it.each([401, 403])("turns HTTP %i into ShopifyAuthError without retrying", async (status) => {
    const calls = sequence(() => HttpResponse.json({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" }, { status }));
    const { client, sleeps } = makeClient();
    const error = await client.graphql(SHOP_QUERY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyAuthError);
    expect(error).toMatchObject({ status });
    expect(calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("turns ACCESS_DENIED (a missing scope) into ShopifyAuthError", async () => {
    sequence(() =>
      HttpResponse.json({
        errors: [{ message: "Access denied for customers field. Required access: `read_customers` access scope.", extensions: { code: "ACCESS_DENIED" } }],
        extensions: cost(2, 998),
      }),
    );
    const { client } = makeClient();
    await expect(client.graphql(SHOP_QUERY)).rejects.toBeInstanceOf(ShopifyAuthError);
  });

  it("surfaces other GraphQL errors as ShopifyApiError with their message, without retrying", async () => {
    const calls = sequence(() =>
      HttpResponse.json({
        errors: [{ message: "Field 'nope' doesn't exist on type 'Shop'", locations: [{ line: 2, column: 3 }], path: ["query Shop", "shop", "nope"], extensions: { code: "undefinedField", typeName: "Shop", fieldName: "nope" } }],
      }),
    );
    const { client } = makeClient();
    const error = await client.graphql(SHOP_QUERY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyApiError);
    expect((error as ShopifyApiError).message).toContain("Field 'nope' doesn't exist on type 'Shop'");
    expect((error as ShopifyApiError).code).toBe("undefinedField");
    expect(calls).toHaveLength(1);
  });

  it("downloads a bulk file without sending the access token", async () => {
    let token: string | null = "unset";
    server.use(
      http.get("https://storage.googleapis.com/bulk/file.jsonl", ({ request }) => {
        token = request.headers.get("X-Shopify-Access-Token");
        return new HttpResponse("{}\n");
      }),
    );
    const { client } = makeClient();
    const stream = await client.download("https://storage.googleapis.com/bulk/file.jsonl");
    expect(await new Response(stream).text()).toBe("{}\n");
    expect(token).toBeNull();
  });
});

describe("createShopifySource paging", () => {
  it("writes the updated_at search in whole seconds, never narrower than asked", () => {
    expect(timeRangeSearch("updated_at", new Date("2026-05-01T10:00:00.900Z"), new Date("2026-05-01T11:00:00.100Z"))).toBe(
      "updated_at:>='2026-05-01T10:00:00Z' updated_at:<'2026-05-01T11:00:01Z'",
    );
    expect(timeRangeSearch("created_at", null, null)).toBe("");
  });

  it("reads two pages of orders with the updated_at search, completing long orders and refunds", async () => {
    const calls: GraphQLBody[] = [];
    server.use(
      http.post(ENDPOINT, async ({ request }) => {
        const body = (await request.json()) as GraphQLBody;
        calls.push(body);
        const v = body.variables;
        switch (body.operationName) {
          case "OrdersUpdatedSince":
            if (v.after === null) {
              return HttpResponse.json({
                data: { orders: { nodes: [orderNode(1, [lineItem(11)], { updatedAt: "2026-05-02T08:00:00Z" })], pageInfo: { hasNextPage: true, endCursor: "cursor-1" } } },
                extensions: cost(672, 1400),
              });
            }
            expect(v.after).toBe("cursor-1");
            return HttpResponse.json({
              data: {
                orders: {
                  nodes: [
                    orderNode(2, [lineItem(21)], {
                      updatedAt: "2026-05-03T09:00:00Z",
                      displayFinancialStatus: "PARTIALLY_REFUNDED",
                      refunds: [{ id: "gid://shopify/Refund/77", createdAt: "2026-05-03T09:00:00Z", totalRefundedSet: { shopMoney: { amount: "25.74", currencyCode: "USD" } } }],
                    }, true),
                  ],
                  pageInfo: { hasNextPage: false, endCursor: "cursor-2" },
                },
              },
              extensions: cost(672, 1400),
            });
          case "OrderLineItemsPage":
            expect(v).toMatchObject({ id: "gid://shopify/Order/2", after: "li-2-1" });
            return HttpResponse.json({
              data: { node: { id: "gid://shopify/Order/2", lineItems: { nodes: [lineItem(22)], pageInfo: { hasNextPage: false, endCursor: "x" } } } },
              extensions: cost(1102, 1400),
            });
          case "RefundDetails":
            expect(v.ids).toEqual(["gid://shopify/Refund/77"]);
            return HttpResponse.json({ data: { nodes: [refundDetails(77, 22)] }, extensions: cost(801, 1400) });
          default:
            throw new Error(`unexpected ${body.operationName}`);
        }
      }),
    );
    const { client } = makeClient();
    const source = createShopifySource(client);
    const window = { updatedFrom: new Date("2026-05-01T00:00:00Z"), updatedTo: new Date("2026-06-01T00:00:00Z"), after: null };

    const first = await source.ordersPage(window);
    expect(first.items.map((b) => b.order.externalId)).toEqual([1n]);
    expect(first.nextCursor).toBe("cursor-1");
    expect(first.maxUpdatedAt).toEqual(new Date("2026-05-02T08:00:00Z"));
    expect(calls[0]!.variables).toMatchObject({ first: 5, after: null, query: "updated_at:>='2026-05-01T00:00:00Z' updated_at:<'2026-06-01T00:00:00Z'" });

    const second = await source.ordersPage({ ...window, after: first.nextCursor });
    expect(second.nextCursor).toBeNull();
    const bundle = second.items[0]!;
    expect(bundle.lineItems.map((l) => l.externalId)).toEqual([21n, 22n]);
    expect(bundle.refundLineItems).toMatchObject([{ refundId: 77n, lineItemId: 22n, subtotal: "24.0" }]);
    expect(calls.map((c) => c.operationName)).toEqual(["OrdersUpdatedSince", "OrdersUpdatedSince", "OrderLineItemsPage", "RefundDetails"]);
  });

  it("halves the page size when Shopify says the query costs too much", async () => {
    const firsts: unknown[] = [];
    server.use(
      http.post(ENDPOINT, async ({ request }) => {
        const body = (await request.json()) as GraphQLBody;
        firsts.push(body.variables.first);
        if (Number(body.variables.first) > 5) {
          return HttpResponse.json({ errors: [{ message: "Query cost is 2682, which exceeds the single query max cost limit (1000).", extensions: { code: "MAX_COST_EXCEEDED", cost: 2682, maxCost: 1000 } }] });
        }
        return HttpResponse.json({ data: { orders: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } }, extensions: cost(672, 1400) });
      }),
    );
    const source = createShopifySource(makeClient().client, { ordersPageSize: 20 });
    const page = await source.ordersPage({ updatedFrom: new Date(0), updatedTo: new Date(), after: null });
    expect(page).toEqual({ items: [], nextCursor: null, maxUpdatedAt: null });
    expect(firsts).toEqual([20, 10, 5]);
  });
});

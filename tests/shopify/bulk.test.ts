import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SHOPIFY_API_VERSION } from "@/lib/connectors/shopify/api-version";
import { readBulkJsonl, startBulkQuery, waitForBulkOperation, type BulkOrderItem } from "@/lib/connectors/shopify/bulk";
import { createShopifyClient } from "@/lib/connectors/shopify/client";
import { BulkParseError, ShopifyApiError } from "@/lib/connectors/shopify/errors";
import { BULK_ORDERS_MUTATION, bulkOrdersQuery } from "@/lib/connectors/shopify/queries";
import type { OrderScalars } from "@/lib/connectors/shopify/shapes";
import { createShopifySource } from "@/lib/connectors/shopify/source";
import { bulkJsonl, cost, lineItem, orderScalars, refundDetails, SHOP, type GraphQLBody } from "./payloads";

const ENDPOINT = `https://${SHOP}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
// Shopify serves results from signed Google Cloud Storage URLs; this one is shaped like them.
const FILE_URL = "https://storage.googleapis.com/shopify-tiers-assets-prod-us-east1/bulk-operation-outputs/abc-final?GoogleAccessId=x&Expires=1&Signature=y";
const OPERATION = "gid://shopify/BulkOperation/720918";
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = () => createShopifyClient({ shop: SHOP, accessToken: "shpat_test", sleep: async () => {} });

// Three orders: 1 with two line items, 2 with none, 3 with three (one refunded).
const ORDERS = [
  { order: orderScalars(1), lines: [lineItem(11), lineItem(12)] },
  { order: orderScalars(2, { test: true }), lines: [] },
  {
    order: orderScalars(3, {
      displayFinancialStatus: "PARTIALLY_REFUNDED",
      discountCodes: ["BFCM25"],
      shippingAddress: null,
      billingAddress: { countryCodeV2: "GB" },
      refunds: [{ id: "gid://shopify/Refund/31", createdAt: "2026-05-10T00:00:00Z", totalRefundedSet: { shopMoney: { amount: "25.74", currencyCode: "USD" } } }],
    }),
    lines: [lineItem(31), lineItem(32), lineItem(33)],
  },
];
const FILE = bulkJsonl(ORDERS); // 8 lines

async function collect(items: AsyncIterable<BulkOrderItem>): Promise<BulkOrderItem[]> {
  const out: BulkOrderItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const summary = (items: BulkOrderItem[]) => items.map((i) => [i.lineNumber, i.bundle.order.externalId, i.bundle.lineItems.map((l) => l.externalId)]);

describe("readBulkJsonl", () => {
  it("joins line items to their order and yields each order with the line to resume from", async () => {
    const items = await collect(readBulkJsonl([FILE]));
    expect(summary(items)).toEqual([
      [4, 1n, [11n, 12n]],
      [5, 2n, []],
      [9, 3n, [31n, 32n, 33n]],
    ]);
    expect(items[1]!.bundle.order.test).toBe(true);
    expect(items[2]!.bundle.refunds.map((r) => r.externalId)).toEqual([31n]);
    expect(items.map((i) => [i.bundle.order.discountCodes, i.bundle.order.countryCode])).toEqual([
      [[], "US"],
      [[], "US"],
      [["BFCM25"], "GB"],
    ]);
  });

  it("reads a root line written without discount codes or addresses as an order with none", async () => {
    const older: Partial<OrderScalars> = orderScalars(6);
    delete older.discountCodes;
    delete older.shippingAddress;
    delete older.billingAddress;
    const items = await collect(readBulkJsonl([`${JSON.stringify(older)}\n`]));
    expect(items[0]!.bundle.order).toMatchObject({ discountCodes: [], countryCode: null });
  });

  it("reads a byte stream cut anywhere, CRLF line ends and multi-byte characters included", async () => {
    const text = bulkJsonl([{ order: orderScalars(5, { name: "#5 — Zürich ✓" }), lines: [lineItem(51, { title: "Étui de charge" })] }]).replace(/\n/g, "\r\n");
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.slice(i, i + 3));
        controller.close();
      },
    });
    const [item] = await collect(readBulkJsonl(stream));
    expect(item!.bundle.order.name).toBe("#5 — Zürich ✓");
    expect(item!.bundle.lineItems[0]!.title).toBe("Étui de charge");
  });

  it("throws BulkParseError with the 1-based number of a malformed line", async () => {
    const lines = FILE.trimEnd().split("\n");
    lines[5] = lines[5]!.slice(0, 40); // line 6: truncated JSON
    const error = await collect(readBulkJsonl([lines.join("\n")])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkParseError);
    expect((error as BulkParseError).lineNumber).toBe(6);
  });

  it("throws when a child does not follow its parent (an ungrouped file)", async () => {
    const lines = FILE.trimEnd().split("\n");
    const moved = [lines[0], lines[3], lines[1], ...lines.slice(4)].join("\n"); // order 1's line item after order 2
    const error = await collect(readBulkJsonl([moved])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkParseError);
    expect((error as BulkParseError).lineNumber).toBe(3);
    expect((error as Error).message).toMatch(/groupObjects/);
  });

  it("names the order's line when a root line lacks a required field", async () => {
    const broken = FILE.replace('"totalPriceSet"', '"totalPriceSetX"');
    const error = await collect(readBulkJsonl([broken])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkParseError);
    expect((error as BulkParseError).lineNumber).toBe(1);
  });

  it("resumes after any committed order with nothing lost and nothing repeated", async () => {
    const full = await collect(readBulkJsonl([FILE]));
    for (let committed = 0; committed <= full.length; committed++) {
      const fromLine = committed === 0 ? 0 : full[committed - 1]!.lineNumber;
      const resumed = await collect(readBulkJsonl([FILE], { fromLine }));
      expect(summary([...full.slice(0, committed), ...resumed])).toEqual(summary(full));
    }
  });

  it("rebuilds the order in progress when fromLine lands among its children", async () => {
    const full = await collect(readBulkJsonl([FILE]));
    for (const fromLine of [2, 3, 7, 8]) {
      const resumed = await collect(readBulkJsonl([FILE], { fromLine }));
      const expected = full.filter((item) => item.lineNumber > fromLine);
      expect(summary(resumed)).toEqual(summary(expected));
    }
    expect(await collect(readBulkJsonl([FILE], { fromLine: 99 }))).toEqual([]);
  });
});

describe("bulk operations through the source", () => {
  it("runs mutation -> RUNNING -> COMPLETED -> JSONL download, adding refund lines", async () => {
    const operations: string[] = [];
    let polls = 0;
    server.use(
      http.post(ENDPOINT, async ({ request }) => {
        const body = (await request.json()) as GraphQLBody;
        operations.push(body.operationName ?? "?");
        if (body.operationName === "BulkOrders") {
          expect(body.query).toContain("groupObjects: true");
          const inner = String(body.variables.query);
          expect(inner).toContain(`orders(query: "created_at:>='2026-05-01T00:00:00Z' created_at:<'2026-06-01T00:00:00Z'")`);
          expect(inner).not.toMatch(/refundLineItems|first:/);
          return HttpResponse.json({ data: { bulkOperationRunQuery: { bulkOperation: { id: OPERATION, status: "CREATED" }, userErrors: [] } }, extensions: cost(10, 1990) });
        }
        if (body.operationName === "BulkOperationStatus") {
          polls += 1;
          const done = polls >= 2;
          return HttpResponse.json({
            data: {
              node: {
                id: OPERATION,
                status: done ? "COMPLETED" : "RUNNING",
                errorCode: null,
                objectCount: done ? "8" : "3",
                rootObjectCount: done ? "3" : "1",
                url: done ? FILE_URL : null,
                partialDataUrl: null,
              },
            },
            extensions: cost(1, 1999),
          });
        }
        if (body.operationName === "RefundDetails") {
          expect(body.variables.ids).toEqual(["gid://shopify/Refund/31"]);
          return HttpResponse.json({ data: { nodes: [refundDetails(31, 32)] }, extensions: cost(801, 1199) });
        }
        throw new Error(`unexpected ${body.operationName}`);
      }),
      http.get("https://storage.googleapis.com/shopify-tiers-assets-prod-us-east1/bulk-operation-outputs/abc-final", () => new HttpResponse(FILE, { headers: { "Content-Type": "application/jsonl" } })),
    );
    const source = createShopifySource(client());
    const { operationId } = await source.startBulkOrders({ createdFrom: new Date("2026-05-01T00:00:00Z"), createdTo: new Date("2026-06-01T00:00:00Z") });
    expect(operationId).toBe(OPERATION);
    expect(await source.bulkStatus(operationId)).toMatchObject({ status: "RUNNING", url: null, objectCount: 3 });
    const done = await source.bulkStatus(operationId);
    expect(done).toMatchObject({ status: "COMPLETED", url: FILE_URL, objectCount: 8, rootObjectCount: 3 });

    const items = await collect(source.bulkOrders(done.url!, { fromLine: 0 }));
    expect(summary(items)).toEqual(summary(await collect(readBulkJsonl([FILE]))));
    expect(items[2]!.bundle.refundLineItems).toMatchObject([{ refundId: 31n, lineItemId: 32n, quantity: 1 }]);
    expect(operations).toEqual(["BulkOrders", "BulkOperationStatus", "BulkOperationStatus", "RefundDetails"]);
  });

  it("polls until a terminal status with the injected sleep", async () => {
    const statuses = ["CREATED", "RUNNING", "RUNNING", "FAILED"];
    let call = 0;
    server.use(
      http.post(ENDPOINT, () => {
        const status = statuses[call++]!;
        return HttpResponse.json({
          data: { node: { id: OPERATION, status, errorCode: status === "FAILED" ? "TIMEOUT" : null, objectCount: "0", rootObjectCount: "0", url: null, partialDataUrl: null } },
        });
      }),
    );
    const sleeps: number[] = [];
    const info = await waitForBulkOperation(client(), OPERATION, { sleep: async (ms) => void sleeps.push(ms), intervalMs: 1_000 });
    expect(info).toMatchObject({ status: "FAILED", errorCode: "TIMEOUT" });
    expect(sleeps).toEqual([1_000, 1_500, 2_250]);
  });

  it("turns userErrors of the mutation into a ShopifyApiError", async () => {
    server.use(
      http.post(ENDPOINT, () =>
        HttpResponse.json({
          data: { bulkOperationRunQuery: { bulkOperation: null, userErrors: [{ field: ["query"], message: "Bulk queries must contain at least one connection.", code: "INVALID" }] } },
        }),
      ),
    );
    const error = await startBulkQuery(client(), BULK_ORDERS_MUTATION, { query: bulkOrdersQuery("") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyApiError);
    expect(error).toMatchObject({ code: "INVALID", message: expect.stringContaining("at least one connection") });
  });
});

import { describe, expect, it } from "vitest";
import { classifyDouyin } from "./errors";
import { floorToBucket, formatBeijingTime, parseBeijingTime, readOrder, readStatRow } from "./transform";
import orderList from "./fixtures/order-list.json";
import report from "./fixtures/report.json";
import badRows from "./fixtures/report-bad-rows.json";
import tokenExpired from "./fixtures/token-expired.json";
import rateLimited from "./fixtures/rate-limited.json";
import refreshExpired from "./fixtures/oauth-refresh-expired.json";

const PULLED = new Date("2026-01-26T08:12:00Z");

describe("5-minute buckets", () => {
  it("floor a time to the start of its bucket, at the edges too", () => {
    expect(floorToBucket(new Date("2026-01-26T12:07:35Z")).toISOString()).toBe("2026-01-26T12:05:00.000Z");
    expect(floorToBucket(new Date("2026-01-26T12:04:59.999Z")).toISOString()).toBe("2026-01-26T12:00:00.000Z");
    expect(floorToBucket(new Date("2026-01-26T12:05:00.000Z")).toISOString()).toBe("2026-01-26T12:05:00.000Z");
    expect(floorToBucket(new Date("2026-01-26T12:13:59Z")).toISOString()).toBe("2026-01-26T12:10:00.000Z");
  });

  it("read Beijing times both ways and refuse dates that do not exist", () => {
    expect(parseBeijingTime("2026-01-26 16:07:35")!.toISOString()).toBe("2026-01-26T08:07:35.000Z");
    expect(formatBeijingTime(new Date("2026-01-26T08:07:35Z"))).toBe("2026-01-26 16:07:35");
    expect(parseBeijingTime("2026-02-30 00:00:00")).toBeNull();
    expect(parseBeijingTime("yesterday")).toBeNull();
  });
});

describe("reading DOU+ answers", () => {
  it("reads the documented order list, budget in fen", () => {
    const read = readOrder(orderList.data.list[0], 0);
    expect(read).toMatchObject({ order: { orderId: "1851843077988506", itemId: "7578051213799787817", status: "DELIVERING", budgetFen: 10000 } });
    expect("order" in read && read.order.createdAt.toISOString()).toBe("2026-01-26T04:00:00.000Z");
  });

  it("reads the documented report rows into their buckets", () => {
    const [a, b] = report.data.data.map((row, i) => readStatRow(row, i, PULLED));
    expect(a).toMatchObject({ row: { orderId: "1851843077988506", costFen: 10000, plays: 48562, likes: 1210, shares: 50, conversions: 10, completion5s: "0.360000", convertCostFen: 1000 } });
    expect("row" in a! && a.row.bucketAt.toISOString()).toBe("2026-01-26T08:05:00.000Z");
    expect("row" in b! && b.row.bucketAt.toISOString()).toBe("2026-01-26T08:05:00.000Z");
  });

  it("stamps a row without stat_time (the seed's own example) with the pull's bucket", () => {
    const row = { dimension_data: { order_id: "1", item_id: "2" }, metrics_data: { stat_cost: 10000, total_play: 5000 } };
    const read = readStatRow(row, 0, PULLED);
    expect("row" in read && read.row.bucketAt.toISOString()).toBe("2026-01-26T08:10:00.000Z");
  });

  it("turns a negative cost, a completion above 1 and a malformed row into issues", () => {
    const reads = badRows.data.data.map((row, i) => readStatRow(row, i, PULLED));
    expect(reads.map((r) => ("issue" in r ? r.issue.kind : "row"))).toEqual(["negative_cost", "completion_above_one", "malformed_row", "row"]);
  });
});

describe("Douyin's error codes", () => {
  it("mark 40108 and the OAuth expiry codes as lost authorisation", () => {
    expect(classifyDouyin(200, tokenExpired)).toMatchObject({ kind: "auth", providerCode: "40108" });
    expect(classifyDouyin(200, refreshExpired)).toMatchObject({ kind: "auth", providerCode: "10010" });
    expect(classifyDouyin(200, { data: { error_code: 2190008, description: "access_token expired" } })).toMatchObject({ kind: "auth" });
  });

  it("retry a rate limit and pass a success", () => {
    expect(classifyDouyin(200, rateLimited)).toMatchObject({ kind: "rate_limited", retryable: true });
    expect(classifyDouyin(200, orderList)).toBeNull();
    expect(classifyDouyin(200, { data: { error_code: "0", access_token: "x" } })).toBeNull();
  });
});

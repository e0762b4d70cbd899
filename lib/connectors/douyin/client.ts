import { requestJson, type FetchLike } from "../common/http";
import type { Sleep } from "../common/retry";
import { listAt, objectAt, wireReader } from "../meta/values";
import { douyinBase, DOUPLUS_ORDER_LIST_PATH, DOUPLUS_ORDER_REPORT_PATH, DOUYIN_PROVIDER } from "./config";
import { classifyDouyin } from "./errors";

// The DOU+ calls: the access token in the access-token header, the account's aweme_sec_uid in
// every request, and the `data` of a successful answer.

export type DouyinOptions = {
  fetchImpl?: FetchLike;
  sleep?: Sleep;
  timeoutMs?: number;
  attempts?: number;
  baseDelayMs?: number;
  /** Defaults to DOUYIN_API_BASE, read at each call. */
  base?: () => string;
};

export const douyinRead = wireReader(DOUYIN_PROVIDER, "Douyin");

/** Beijing-time "YYYY-MM-DD HH:mm:ss", the form the DOU+ endpoints read and write. */
export type DouyinTime = string;

export type OrderListPage = { list: unknown[]; pageInfo: Record<string, unknown> | null };
export type ReportPage = { rows: unknown[]; pageInfo: Record<string, unknown> | null };

export type DouyinClient = {
  orderPage(input: { secUid: string; page: number; pageSize: number; updatedFrom: DouyinTime; updatedTo: DouyinTime }): Promise<OrderListPage>;
  reportPage(input: { secUid: string; beginTime: DouyinTime; endTime: DouyinTime; page: number; pageSize: number }): Promise<ReportPage>;
};

export function createDouyinClient(accessToken: string, options: DouyinOptions = {}): DouyinClient {
  const headers = { "access-token": accessToken };
  const http = { provider: DOUYIN_PROVIDER, classify: classifyDouyin, timeoutMs: 20_000, ...options };
  const base = options.base ?? douyinBase;

  async function data(method: "GET" | "POST", path: string, query: URLSearchParams | null, body?: Record<string, unknown>) {
    const url = `${base()}${path}${query ? `?${query.toString()}` : ""}`;
    const result = await requestJson({ method, url, headers, body }, http);
    const answer = objectAt(douyinRead, result.body, "the answer");
    return objectAt(douyinRead, answer.data, "data");
  }

  const pageInfoOf = (value: unknown) => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null);

  return {
    async orderPage(input) {
      const query = new URLSearchParams({
        aweme_sec_uid: input.secUid,
        page: String(input.page),
        page_size: String(input.pageSize),
        // Narrows the list to orders changed in the window; rows are checked again on our side.
        filtering: JSON.stringify({ update_start_time: input.updatedFrom, update_end_time: input.updatedTo }),
      });
      const d = await data("GET", DOUPLUS_ORDER_LIST_PATH, query);
      return { list: listAt(douyinRead, d.list ?? [], "data.list"), pageInfo: pageInfoOf(d.page_info) };
    },
    async reportPage(input) {
      const d = await data("POST", DOUPLUS_ORDER_REPORT_PATH, null, {
        aweme_sec_uid: input.secUid,
        begin_time: input.beginTime,
        end_time: input.endTime,
        page: input.page,
        page_size: input.pageSize,
      });
      return { rows: listAt(douyinRead, d.data ?? d.list ?? [], "data.data"), pageInfo: pageInfoOf(d.page_info) };
    },
  };
}

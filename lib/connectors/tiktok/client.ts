import { requestJson } from "../common/http";
import { listAt, objectAt, wireReader } from "../meta/values";
import { TIKTOK_API_BASE } from "./config";
import { classifyTikTok } from "./errors";

// Marketing API calls: the token in the Access-Token header, list and object parameters as JSON
// strings in the query (TikTok's convention for GET), and the `data` of a successful answer.

export type TikTokOptions = {
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
  attempts?: number;
  baseDelayMs?: number;
};

export type TikTokParams = Record<string, string | number | unknown[] | Record<string, unknown>>;

export type TikTokClient = {
  get(path: string, params?: TikTokParams): Promise<Record<string, unknown>>;
  post(path: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Every item of `data.list`, page by page until page_info.total_page. */
  getAll(path: string, params?: TikTokParams, pageSize?: number): Promise<unknown[]>;
};

export const tiktokRead = wireReader("tiktok_ads", "TikTok");
const MAX_PAGES = 10_000;

function query(params: TikTokParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) search.set(key, typeof value === "object" ? JSON.stringify(value) : String(value));
  return search.toString();
}

export function createTikTokClient(accessToken: string | null, options: TikTokOptions = {}): TikTokClient {
  const headers: Record<string, string> = accessToken ? { "access-token": accessToken } : {};
  const http = { provider: "tiktok_ads", classify: classifyTikTok, ...options };

  async function call(method: "GET" | "POST", path: string, params: TikTokParams, body?: Record<string, unknown>) {
    const qs = query(params);
    const url = `${TIKTOK_API_BASE}/${path.replace(/^\/+/, "")}${qs ? `?${qs}` : ""}`;
    const result = await requestJson({ method, url, headers, body }, http);
    const answer = objectAt(tiktokRead, result.body, "the answer");
    return objectAt(tiktokRead, answer.data, "data");
  }

  return {
    get: (path, params = {}) => call("GET", path, params),
    post: (path, body) => call("POST", path, {}, body),
    async getAll(path, params = {}, pageSize = 1000) {
      const items: unknown[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const data = await call("GET", path, { ...params, page, page_size: pageSize });
        items.push(...listAt(tiktokRead, data.list ?? [], "data.list"));
        const info = objectAt(tiktokRead, data.page_info, "data.page_info");
        const totalPage = tiktokRead.count(info.total_page, "data.page_info.total_page");
        if (page >= totalPage) break;
      }
      return items;
    },
  };
}

import { ConnectorError } from "../common/errors";

// The Douyin open platform (open.douyin.com): user authorisation and the DOU+ order endpoints,
// and the app's credentials. DOUYIN_API_BASE points the calls at a stand-in (tests, e2e).

export const DOUYIN_PROVIDER = "douyin";
export const DOUYIN_DEFAULT_BASE = "https://open.douyin.com";
export const DOUPLUS_ORDER_LIST_PATH = "/open_api/v3.0/douplus/order/list/";
export const DOUPLUS_ORDER_REPORT_PATH = "/open_api/v3.0/douplus/order/report/";
/** Amounts are fen of this currency; times without a zone are Beijing time. */
export const DOUYIN_CURRENCY = "CNY";
export const DOUYIN_TIME_ZONE = "Asia/Shanghai";

export type DouyinAppConfig = { clientKey: string; clientSecret: string; scopes: string };

export function douyinBase(): string {
  return (process.env.DOUYIN_API_BASE?.trim() || DOUYIN_DEFAULT_BASE).replace(/\/+$/, "");
}

export function douyinAppConfig(): DouyinAppConfig | null {
  const clientKey = process.env.DOUYIN_CLIENT_KEY?.trim();
  const clientSecret = process.env.DOUYIN_CLIENT_SECRET?.trim();
  // DOU+ data needs its own scope granted on the app; operators name what their app was given.
  const scopes = process.env.DOUYIN_SCOPES?.trim() || "user_info";
  return clientKey && clientSecret ? { clientKey, clientSecret, scopes } : null;
}

export function requireDouyinConfig(config: DouyinAppConfig | null): DouyinAppConfig {
  if (!config) throw new ConnectorError("bad_request", DOUYIN_PROVIDER, "Douyin is not configured on this server: set DOUYIN_CLIENT_KEY and DOUYIN_CLIENT_SECRET.");
  return config;
}

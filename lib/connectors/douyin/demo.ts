import { hash32, unit } from "@/lib/connectors/shopify/demo/random";
import type { DouyinClient, OrderListPage, ReportPage } from "./client";
import { BUCKET_MS, floorToBucket, formatBeijingTime, parseBeijingTime } from "./transform";

// The demo Douyin account: DOU+ orders and their 5-minute delivery as the open platform would
// answer them, a pure function of the demo seed and the time of the call. The demo connection
// syncs through the regular DOU+ sync and the daily ad facts through the regular provider, with
// this in place of the HTTP client. Like the platform, what it serves depends on when it is asked:
// an order delivers from shortly after it is placed, the bucket in progress is partial (so a
// re-pull revises it), and one order is restated after the fact (invalid traffic refunded an hour
// after its delivery ends).

/** One order every five hours: about 430 over the 90 days a first sync reads. */
const ORDER_EVERY_MS = 5 * 3_600_000;
/** A video's orders come in a run (two and a half days): 36 videos over 90 days. */
const ORDERS_PER_VIDEO = 12;
/** Review takes this long before delivery starts. */
const REVIEW_MS = 10 * 60_000;
/** The longest an order delivers (buckets), so a window's orders are found by their slot. */
const MAX_BUCKETS = 12 * 12;
const REVISION_AFTER_MS = 3_600_000;
/** The restated order loses this share of its last three hours (permille): invalid traffic refunded. */
const REVISION = { buckets: 36, cost: 820, plays: 850, conversions: 500 } as const;
const S = { placed: 1, rejected: 2, length: 3, budget: 4, spent: 5, weight: 6, ppy: 11, like: 12, share: 13, comment: 14, follow: 15, convert: 16, completion: 17, id: 18, noise: 19 } as const;

const TITLES = [
  "春季露营装备开箱", "轻量徒步鞋实测", "三分钟搭好帐篷", "雨天骑行防水测试", "城市露营好物清单", "登山包怎么选",
  "户外咖啡新玩法", "夜跑头灯对比", "亲子野餐布置", "冲锋衣十年老用户说", "溯溪鞋上脚体验", "周末山野vlog",
] as const;

export type DemoDouyinOptions = { seed: number; now?: () => Date; revisedOrderId?: string | null };

type DemoBucket = { at: Date; costFen: number; plays: number; likes: number; shares: number; comments: number; follows: number; conversions: number; completion: number };
type DemoOrder = {
  slot: number; orderId: string; videoId: string; title: string; budgetFen: number; createdAt: Date; rejected: boolean;
  firstBucketAt: Date; endsAt: Date; buckets: number;
};

export const DEMO_DOUYIN_ACCOUNT = { name: "Acme Outdoor 抖音 (demo)", currency: "CNY", timeZone: "Asia/Shanghai" } as const;

/** The demo account's aweme_sec_uid for a seed. */
export function demoSecUid(seed: number): string {
  return `MS4wLjABAAAAdemo${hash32(seed, 0, 99).toString(36)}${hash32(seed, 1, 99).toString(36)}`;
}

const between = (u: number, low: number, high: number) => low + (high - low) * u;

function orderAt(seed: number, slot: number): DemoOrder {
  const u = (stream: number) => unit(seed, slot, stream);
  const createdAt = new Date(Math.floor((slot * ORDER_EVERY_MS + u(S.placed) * (ORDER_EVERY_MS - REVIEW_MS)) / 1000) * 1000);
  const video = Math.floor(slot / ORDERS_PER_VIDEO);
  const buckets = 12 * (2 + Math.floor(u(S.length) * 11));
  const firstBucketAt = floorToBucket(new Date(createdAt.getTime() + REVIEW_MS));
  return {
    slot,
    orderId: `18518${String(slot).padStart(11, "0")}`,
    videoId: `7578${String(video).padStart(7, "0")}${String(hash32(seed, video, S.id) % 100_000_000).padStart(8, "0")}`,
    title: `${TITLES[hash32(seed, video, S.id) % TITLES.length]} #${video % 1000}`,
    budgetFen: (100 + 50 * Math.floor(u(S.budget) * 20)) * 100,
    createdAt,
    rejected: u(S.rejected) < 0.06,
    firstBucketAt,
    endsAt: new Date(firstBucketAt.getTime() + buckets * BUCKET_MS),
    buckets,
  };
}

/** Every bucket of a delivering or delivered order, whole (what the platform will have said once it ends). */
function bucketsOf(seed: number, order: DemoOrder): DemoBucket[] {
  if (order.rejected) return [];
  const video = Math.floor(order.slot / ORDERS_PER_VIDEO);
  const v = (stream: number) => unit(seed, video, stream);
  const weights = Array.from({ length: order.buckets }, (_, j) => 0.5 + unit(seed, order.slot * 1000 + j, S.weight));
  const total = weights.reduce((a, b) => a + b, 0);
  const spent = Math.floor(order.budgetFen * between(unit(seed, order.slot, S.spent), 0.85, 1));
  const [playsPerYuan, likeRate, shareRate, commentRate, followRate, convertRate, completion] = [
    between(v(S.ppy), 30, 70), between(v(S.like), 0.02, 0.07), between(v(S.share), 0.003, 0.01), between(v(S.comment), 0.002, 0.006),
    between(v(S.follow), 0.001, 0.003), between(v(S.convert), 0.0004, 0.002), between(v(S.completion), 0.25, 0.6),
  ];
  return weights.map((w, j) => {
    const noise = (k: number) => between(unit(seed, order.slot * 1000 + j, S.noise + k), 0.8, 1.2);
    const costFen = Math.floor((spent * w) / total);
    const plays = Math.floor((costFen / 100) * playsPerYuan * noise(0));
    return {
      at: new Date(order.firstBucketAt.getTime() + j * BUCKET_MS), costFen, plays,
      likes: Math.floor(plays * likeRate * noise(1)), shares: Math.floor(plays * shareRate * noise(2)),
      comments: Math.floor(plays * commentRate * noise(3)), follows: Math.floor(plays * followRate * noise(4)),
      conversions: Math.floor(plays * convertRate * noise(5) + unit(seed, order.slot * 1000 + j, S.noise + 6)),
      completion: Math.min(1, Math.round(completion * noise(7) * 10_000) / 10_000),
    };
  });
}

/** A bucket as served at `pulledAt`: the one in progress is partial, the restated order's last hours are cut. */
function served(bucket: DemoBucket, j: number, order: DemoOrder, pulledAt: Date, revised: boolean): DemoBucket {
  const scale = (value: number, permille: number) => Math.floor((value * permille) / 1000);
  const elapsed = pulledAt.getTime() - bucket.at.getTime();
  let b = bucket;
  if (elapsed < BUCKET_MS) {
    const share = Math.floor((elapsed / BUCKET_MS) * 1000);
    b = { ...b, costFen: scale(b.costFen, share), plays: scale(b.plays, share), likes: scale(b.likes, share), shares: scale(b.shares, share),
      comments: scale(b.comments, share), follows: scale(b.follows, share), conversions: scale(b.conversions, share) };
  }
  if (revised && j >= order.buckets - REVISION.buckets) {
    b = { ...b, costFen: scale(b.costFen, REVISION.cost), plays: scale(b.plays, REVISION.plays), likes: scale(b.likes, REVISION.plays),
      conversions: scale(b.conversions, REVISION.conversions) };
  }
  return b;
}

function statusAt(order: DemoOrder, at: Date): string {
  if (order.rejected) return "UNDELIVERIED";
  if (at < order.firstBucketAt) return "AUDITING";
  return at < order.endsAt ? "DELIVERING" : "DELIVERIED";
}

function updatedAt(order: DemoOrder, at: Date, revisedOrderId: string | null | undefined): Date {
  const changed = order.rejected ? new Date(order.createdAt.getTime() + REVIEW_MS)
    : at < order.firstBucketAt ? order.createdAt
    : at < order.endsAt ? floorToBucket(at)
    : order.orderId === revisedOrderId && at.getTime() >= order.endsAt.getTime() + REVISION_AFTER_MS ? new Date(order.endsAt.getTime() + REVISION_AFTER_MS)
    : order.endsAt;
  return changed > at ? at : changed;
}

/** Orders placed by `to` that may have changed since `from`, newest first. */
function ordersBetween(seed: number, from: Date, to: Date): DemoOrder[] {
  const out: DemoOrder[] = [];
  const first = Math.floor((from.getTime() - MAX_BUCKETS * BUCKET_MS - REVISION_AFTER_MS - 2 * ORDER_EVERY_MS) / ORDER_EVERY_MS);
  for (let slot = Math.floor(to.getTime() / ORDER_EVERY_MS); slot >= first; slot--) {
    const order = orderAt(seed, slot);
    if (order.createdAt <= to) out.push(order);
  }
  return out;
}

/** The order the demo restates after the fact: of those delivering at `at`, the one that ends last. */
export function demoRevisedOrder(seed: number, at: Date): string | null {
  const delivering = ordersBetween(seed, at, at).filter((o) => statusAt(o, at) === "DELIVERING").sort((a, b) => b.endsAt.getTime() - a.endsAt.getTime());
  return delivering[0]?.orderId ?? null;
}

const page = <T>(rows: T[], input: { page: number; pageSize: number }) => ({
  rows: rows.slice((input.page - 1) * input.pageSize, input.page * input.pageSize),
  pageInfo: { page: input.page, page_size: input.pageSize, total_number: rows.length, total_page: Math.ceil(rows.length / input.pageSize) },
});

/** The DOU+ calls of the demo account, answered as the platform shapes them. */
export function createDemoDouyinClient(options: DemoDouyinOptions): DouyinClient {
  const { seed, revisedOrderId } = options;
  const now = options.now ?? (() => new Date());
  // A window is read page by page: its rows are made once per window and pull time.
  let cached: { key: string; rows: unknown[] } | null = null;

  return {
    async orderPage(input): Promise<OrderListPage> {
      const at = now();
      const from = parseBeijingTime(input.updatedFrom) ?? new Date(0);
      const to = new Date(Math.min(at.getTime(), (parseBeijingTime(input.updatedTo) ?? at).getTime()));
      const list = ordersBetween(seed, from, to)
        .map((o) => ({ order: o, updated: updatedAt(o, at, revisedOrderId) }))
        .filter(({ updated }) => updated >= from && updated <= to)
        .map(({ order: o, updated }) => ({
          order_id: o.orderId, aweme_id: o.videoId, status: statusAt(o, at), budget: o.budgetFen, aweme_title: o.title,
          create_time: formatBeijingTime(o.createdAt), update_time: formatBeijingTime(updated),
        }));
      const { rows, pageInfo } = page(list, input);
      return { list: rows, pageInfo };
    },

    async reportPage(input): Promise<ReportPage> {
      const at = now();
      const key = `${input.beginTime}|${input.endTime}|${at.getTime()}`;
      if (cached?.key !== key) {
        const begin = parseBeijingTime(input.beginTime) ?? at;
        const end = new Date(Math.min(at.getTime(), (parseBeijingTime(input.endTime) ?? at).getTime()));
        const rows: { at: Date; orderId: string; row: unknown }[] = [];
        for (const order of ordersBetween(seed, begin, end)) {
          const revised = order.orderId === revisedOrderId && at.getTime() >= order.endsAt.getTime() + REVISION_AFTER_MS;
          bucketsOf(seed, order).forEach((bucket, j) => {
            if (bucket.at < begin || bucket.at > end || bucket.at >= at) return;
            const b = served(bucket, j, order, at, revised);
            rows.push({
              at: b.at, orderId: order.orderId,
              row: {
                dimension_data: { order_id: order.orderId, item_id: order.videoId, stat_time: formatBeijingTime(b.at) },
                metrics_data: {
                  stat_cost: b.costFen, total_play: b.plays, custom_like: b.likes, dy_share: b.shares, dy_comment: b.comments, dy_follow: b.follows,
                  play_duration_5s_rank: b.completion, dp_target_convert_cnt: b.conversions,
                  ...(b.conversions > 0 ? { custom_convert_cost: Math.round(b.costFen / b.conversions) } : {}),
                },
              },
            });
          });
        }
        rows.sort((a, b) => a.at.getTime() - b.at.getTime() || a.orderId.localeCompare(b.orderId));
        cached = { key, rows: rows.map((r) => r.row) };
      }
      const { rows, pageInfo } = page(cached.rows, input);
      return { rows, pageInfo };
    },
  };
}

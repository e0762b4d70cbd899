// Pure readings of DOU+ answers into rows, and the 5-minute bucket rule. A row that cannot be
// applied (missing ids, a negative cost, a completion rate above 1) becomes an issue to record,
// never a thrown error: one bad row must not stop the rows beside it.

export const BUCKET_MS = 5 * 60_000;
/** Beijing time has no daylight saving: a fixed offset reads and writes it exactly. */
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const BEIJING_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/** The start of the 5-minute bucket holding `at`: 12:07:35 -> 12:05:00, 12:04:59.999 -> 12:00:00. */
export function floorToBucket(at: Date): Date {
  return new Date(Math.floor(at.getTime() / BUCKET_MS) * BUCKET_MS);
}

/** A Beijing-time "YYYY-MM-DD[ HH:mm[:ss[.mmm]]]" as an instant, or null when it is not one. */
export function parseBeijingTime(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const m = BEIJING_TIME.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h = "0", mi = "0", s = "0", ms = "0"] = m.slice(1);
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, "0")));
  const date = new Date(utc - BEIJING_OFFSET_MS);
  // Date.UTC rolls 2026-02-30 over to March: refuse dates that do not exist.
  const back = new Date(utc);
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d)) return null;
  return date;
}

export function formatBeijingTime(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

export type IssueKind = "unknown_order" | "negative_cost" | "completion_above_one" | "malformed_row" | "page_info_mismatch";
export type DouplusIssueInput = { kind: IssueKind; subject: string; detail: string; raw: unknown };

export type DouplusOrderRow = {
  orderId: string;
  itemId: string;
  status: string;
  budgetFen: number;
  title: string;
  createdAt: Date;
  /** update_time when the list gives one. */
  updatedAt: Date | null;
  raw: Record<string, unknown>;
};

export type DouplusStatRow = {
  orderId: string;
  itemId: string;
  bucketAt: Date;
  costFen: number;
  plays: number;
  likes: number;
  shares: number;
  comments: number;
  follows: number;
  conversions: number;
  /** A decimal string in [0, 1], or null when the row did not carry it. */
  completion5s: string | null;
  convertCostFen: number | null;
};

const idOf = (value: unknown): string | null => {
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  // Ids are 16-19 digits: a number that large has lost digits in JSON, so only safe ones pass.
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return String(value);
  return null;
};

/** An integer amount or count (numbers or digit strings); negative allowed so the caller can flag it. */
const integerOf = (value: unknown): number | null => {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "string" && /^-?\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return null;
};

const objectOf = (value: unknown): Record<string, unknown> | null =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** One order of the list, or the issue that keeps it out. */
export function readOrder(value: unknown, index: number): { order: DouplusOrderRow } | { issue: DouplusIssueInput } {
  const raw = objectOf(value);
  const orderId = idOf(raw?.order_id);
  const malformed = (what: string) => ({
    issue: { kind: "malformed_row" as const, subject: `order:${orderId ?? `#${index}`}`, detail: `Order list row ${orderId ?? `#${index}`}: ${what}.`, raw: value },
  });
  if (!raw || !orderId) return malformed("no order_id");
  const itemId = idOf(raw.aweme_id ?? raw.item_id);
  if (!itemId) return malformed("no aweme_id");
  const budget = integerOf(raw.budget);
  if (budget === null || budget < 0) return malformed(`budget ${JSON.stringify(raw.budget)} is not a whole number of fen`);
  const createdAt = parseBeijingTime(raw.create_time);
  if (!createdAt) return malformed(`create_time ${JSON.stringify(raw.create_time)} is not a time`);
  const status = typeof raw.status === "string" && raw.status.trim() ? raw.status.trim().toUpperCase() : "UNKNOWN";
  const title = typeof raw.aweme_title === "string" ? raw.aweme_title : "";
  return { order: { orderId, itemId, status, budgetFen: budget, title, createdAt, updatedAt: parseBeijingTime(raw.update_time), raw } };
}

/**
 * One report row, or the issue that keeps it out. `pulledAt` stands in for a row without its own
 * stat_time (the seed's example carries none): its bucket is the one the pull happened in.
 */
export function readStatRow(value: unknown, index: number, pulledAt: Date): { row: DouplusStatRow } | { issue: DouplusIssueInput } {
  const raw = objectOf(value);
  const dimension = objectOf(raw?.dimension_data);
  const metrics = objectOf(raw?.metrics_data);
  const orderId = idOf(dimension?.order_id);
  const subjectOf = (bucket: Date | null) => `stat:${orderId ?? `#${index}`}@${bucket ? bucket.toISOString() : "?"}`;
  const malformed = (what: string, bucket: Date | null = null) => ({
    issue: { kind: "malformed_row" as const, subject: subjectOf(bucket), detail: `Report row for order ${orderId ?? `#${index}`}: ${what}.`, raw: value },
  });
  if (!dimension || !metrics || !orderId) return malformed("no dimension_data.order_id or metrics_data");
  const itemId = idOf(dimension.item_id ?? dimension.aweme_id);
  if (!itemId) return malformed("no dimension_data.item_id");
  const statTime = dimension.stat_time === undefined ? pulledAt : parseBeijingTime(dimension.stat_time);
  if (!statTime) return malformed(`stat_time ${JSON.stringify(dimension.stat_time)} is not a time`);
  const bucketAt = floorToBucket(statTime);

  const cost = integerOf(metrics.stat_cost);
  if (cost === null) return malformed(`stat_cost ${JSON.stringify(metrics.stat_cost)} is not a whole number of fen`, bucketAt);
  if (cost < 0) {
    return { issue: { kind: "negative_cost", subject: subjectOf(bucketAt), detail: `Order ${orderId} reported a negative cost (${cost} fen) for ${bucketAt.toISOString()}; not applied.`, raw: value } };
  }
  const counts: Record<string, number> = {};
  for (const [field, key] of [["total_play", "plays"], ["custom_like", "likes"], ["dy_share", "shares"], ["dy_comment", "comments"], ["dy_follow", "follows"], ["dp_target_convert_cnt", "conversions"]] as const) {
    const given = metrics[field];
    const n = given === undefined || given === null ? 0 : integerOf(given);
    if (n === null || n < 0) return malformed(`${field} ${JSON.stringify(given)} is not a non-negative whole number`, bucketAt);
    counts[key] = n;
  }
  let completion: string | null = null;
  const rate = metrics.play_duration_5s_rank;
  if (rate !== undefined && rate !== null) {
    const n = typeof rate === "number" ? rate : typeof rate === "string" && rate.trim() !== "" ? Number(rate) : NaN;
    if (!Number.isFinite(n) || n < 0) return malformed(`play_duration_5s_rank ${JSON.stringify(rate)} is not a rate`, bucketAt);
    if (n > 1) {
      return { issue: { kind: "completion_above_one", subject: subjectOf(bucketAt), detail: `Order ${orderId} reported a 5-second completion of ${n} (above 1) for ${bucketAt.toISOString()}; not applied.`, raw: value } };
    }
    completion = n.toFixed(6);
  }
  const convertCost = metrics.custom_convert_cost === undefined || metrics.custom_convert_cost === null ? null : integerOf(metrics.custom_convert_cost);
  return {
    row: {
      orderId, itemId, bucketAt, costFen: cost,
      plays: counts.plays!, likes: counts.likes!, shares: counts.shares!, comments: counts.comments!, follows: counts.follows!, conversions: counts.conversions!,
      completion5s: completion, convertCostFen: convertCost !== null && convertCost >= 0 ? convertCost : null,
    },
  };
}

/** page_info's total_number, when it gives a usable one. */
export function totalOf(pageInfo: Record<string, unknown> | null): number | null {
  const n = integerOf(pageInfo?.total_number ?? pageInfo?.total_num);
  return n !== null && n >= 0 ? n : null;
}

import type { CsvCell } from "@/lib/api/csv";
import type { TDouplusOrderRow, TDouplusVideoRow } from "./schema";

// CSV lines of the order list and the video leaderboard: money in fen, as the API gives it.

export const ORDER_CSV_HEADER = [
  "account", "order_id", "video_id", "title", "status", "created_at", "budget_fen", "cost_fen", "plays", "likes", "shares", "comments",
  "follows", "conversions", "cost_per_conversion_fen", "completion_5s", "last_bucket_at",
] as const;

export const orderCsvRow = (o: TDouplusOrderRow): CsvCell[] => ORDER_CSV_HEADER.map((key) => o[key]);

export const VIDEO_CSV_HEADER = [
  "account", "video_id", "title", "order_count", "cost_fen", "plays", "likes", "shares", "conversions", "plays_per_100_yuan", "like_rate",
  "share_rate", "avg_cost_per_conversion_fen", "avg_completion_5s",
] as const;

export const videoCsvRow = (v: TDouplusVideoRow): CsvCell[] => VIDEO_CSV_HEADER.map((key) => v[key]);

import type { Touch } from "./types";

/** A conversion instant the test journeys count back from. */
export const ORDER_AT = new Date("2026-03-20T12:00:00Z");

/** A touch `daysBefore` days before ORDER_AT (fractions allowed). */
export function touchAt(daysBefore: number, channel: string, kind: { direct?: boolean; paid?: boolean } = {}): Touch {
  return {
    at: new Date(ORDER_AT.getTime() - daysBefore * 86_400_000),
    channel,
    direct: kind.direct ?? channel === "direct",
    paid: kind.paid ?? channel.startsWith("paid_"),
  };
}

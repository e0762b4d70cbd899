import { z } from "zod";
import { divide, formatDecimal, mulInt, parseDecimal, type Dec } from "@/lib/metrics/definitions/decimal";

// What an owned channel costs: a fee per send (email, push, chat apps) or per SMS segment, in
// the workspace currency with up to 4 decimals (providers price in fractions of a cent). Test
// sends cost the same but are shown apart, never in ROAS.

export const OWNED_CHANNELS = ["email", "sms", "push", "line", "messenger", "whatsapp"] as const;
export type TOwnedChannel = (typeof OWNED_CHANNELS)[number];

const FEE = /^\d{1,12}(\.\d{1,4})?$/;

export const ZChannelFeeSchema = z.object({
  channel: z.enum(OWNED_CHANNELS),
  unit: z.enum(["send", "segment"]).default("send"),
  fee: z
    .union([z.string(), z.number()])
    .transform((v) => (typeof v === "number" ? String(v) : v.trim()))
    .refine((v) => FEE.test(v), "Enter a fee of 0 or more with at most 4 decimals."),
});
export type TChannelFee = z.infer<typeof ZChannelFeeSchema>;

export const ZOwnedCostSettingsSchema = z.object({
  fees: z.array(ZChannelFeeSchema).max(OWNED_CHANNELS.length),
  /** Owned-channel cost joins ad spend in MER and blended CAC. */
  includeInBlended: z.boolean().default(false),
});
export type TOwnedCostSettings = z.infer<typeof ZOwnedCostSettingsSchema>;

/** A channel's counted volume: sends (and SMS segments) apart for real and test sends. */
export type TChannelVolume = { channel: string; sends: number; segments: number; testSends: number; testSegments: number };

export type TChannelCost = {
  channel: string;
  sends: number;
  testSends: number;
  /** Cost of real sends, in the workspace currency (4 decimals). */
  cost: Dec;
  testCost: Dec;
  revenue: Dec;
  /** revenue / cost; null when nothing was spent. */
  roas: Dec | null;
};

/** Each channel's cost from its volume and fee; a channel without a fee costs nothing. */
export function channelCosts(volumes: readonly TChannelVolume[], fees: readonly TChannelFee[], revenueByChannel: ReadonlyMap<string, Dec>): TChannelCost[] {
  const feeOf = new Map(fees.map((f) => [f.channel as string, f]));
  return volumes.map((v) => {
    const fee = feeOf.get(v.channel);
    const price = fee ? parseDecimal(fee.fee) : 0n;
    const perSegment = fee?.unit === "segment";
    const cost = mulInt(price, perSegment ? v.segments : v.sends);
    const testCost = mulInt(price, perSegment ? v.testSegments : v.testSends);
    const revenue = revenueByChannel.get(v.channel) ?? 0n;
    return { channel: v.channel, sends: v.sends, testSends: v.testSends, cost, testCost, revenue, roas: divide(revenue, cost) };
  });
}

/** The totals line: ROAS over real sends only. */
export function totalCost(rows: readonly TChannelCost[]): Omit<TChannelCost, "channel"> {
  const sum = (pick: (r: TChannelCost) => Dec) => rows.reduce((s, r) => s + pick(r), 0n);
  const cost = sum((r) => r.cost);
  const revenue = sum((r) => r.revenue);
  return {
    sends: rows.reduce((s, r) => s + r.sends, 0),
    testSends: rows.reduce((s, r) => s + r.testSends, 0),
    cost,
    testCost: sum((r) => r.testCost),
    revenue,
    roas: divide(revenue, cost),
  };
}

export const feeText = (fee: Dec) => formatDecimal(fee, 2);

import { z } from "zod";
import { divide, formatDecimal, mulInt, parseDecimal, type Dec } from "@/lib/metrics/definitions/decimal";
import { OWNED_CHANNELS, OWNED_FEE_BASES } from "../types";

// What an owned channel costs: a fee per send (email, push, chat apps), per SMS segment or per
// point (providers that bill in points), in the workspace currency with up to 4 decimals
// (providers price in fractions of a cent). Test sends cost the same but are shown apart, never
// in ROAS.

const FEE = /^\d{1,12}(\.\d{1,4})?$/;

export const ZChannelFeeSchema = z.object({
  channel: z.enum(OWNED_CHANNELS),
  unit: z.enum(OWNED_FEE_BASES).default("send"),
  fee: z
    .union([z.string(), z.number()])
    .transform((v) => (typeof v === "number" ? String(v) : v.trim()))
    .refine((v) => FEE.test(v), "Enter a fee of 0 or more with at most 4 decimals."),
});
export type TChannelFee = z.infer<typeof ZChannelFeeSchema>;

export const ZOwnedCostSettingsSchema = z.object({
  fees: z
    .array(ZChannelFeeSchema)
    .max(OWNED_CHANNELS.length)
    .refine((fees) => new Set(fees.map((f) => f.channel)).size === fees.length, "Give each channel's fee once."),
  /** Owned-channel cost joins ad spend in MER and blended CAC. */
  include_in_blended: z.boolean().default(false),
});
export type TOwnedCostSettings = z.infer<typeof ZOwnedCostSettingsSchema>;

/**
 * A channel's (or campaign's) counted volume, apart for real and test sends: sends, their billed
 * SMS segments and points (a send that reported none counts as one).
 */
export type TChannelVolume = { channel: string; sends: number; segments: number; points: number; testSends: number; testSegments: number; testPoints: number };

const billed = (v: TChannelVolume, unit: TChannelFee["unit"] | undefined, test: boolean) =>
  unit === "segment" ? (test ? v.testSegments : v.segments) : unit === "point" ? (test ? v.testPoints : v.points) : test ? v.testSends : v.sends;

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

/** Each row's cost from its channel's fee and its volume; a channel without a fee costs nothing. */
export function channelCosts<V extends TChannelVolume & { revenue: Dec }>(volumes: readonly V[], fees: readonly TChannelFee[]): (V & TChannelCost)[] {
  const feeOf = new Map(fees.map((f) => [f.channel as string, f]));
  return volumes.map((v) => {
    const fee = feeOf.get(v.channel);
    const price = fee ? parseDecimal(fee.fee) : 0n;
    const cost = mulInt(price, billed(v, fee?.unit, false));
    return { ...v, cost, testCost: mulInt(price, billed(v, fee?.unit, true)), roas: divide(v.revenue, cost) };
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

import { z } from "zod";
import { OWNED_CHANNELS, OWNED_FEE_BASES } from "../types";
import { ZOwnedCostSettingsSchema } from "./fees";

// What the cost API answers, as zod so the OpenAPI document describes exactly that.

export const ZOwnedCostSettingsInputSchema = ZOwnedCostSettingsSchema;

export const ZOwnedCostSettingsViewSchema = z.object({
  currency: z.string().describe("The workspace currency the fees are in."),
  fees: z.array(z.object({
    channel: z.enum(OWNED_CHANNELS),
    unit: z.enum(OWNED_FEE_BASES).describe("What the fee is per: a send, an SMS segment or a point."),
    fee: z.string().describe("A decimal string with 4 places, e.g. \"0.0075\"."),
  })),
  include_in_blended: z.boolean().describe("Whether owned-channel cost joins ad spend in MER and CAC."),
  stale_currency: z.array(z.string()).describe("Channels whose fee was saved in a currency the workspace no longer reports in: save them again."),
});

const figures = {
  sends: z.number().int().describe("Sends in the range, test sends excluded."),
  test_sends: z.number().int(),
  cost: z.string().describe("What the real sends cost, exact to 4 decimals."),
  test_cost: z.string().describe("What the test sends cost (never in ROAS)."),
  orders: z.number().int().describe("Orders attributed to the sends, each once (its click, else session, else open conversion)."),
  revenue: z.string().describe("Net sales of those orders."),
  roas: z.string().nullable().describe("Revenue divided by cost; null when nothing was spent."),
};

export const ZOwnedCostOverviewSchema = z.object({
  date_from: z.string(),
  date_to: z.string(),
  currency: z.string(),
  settings: ZOwnedCostSettingsViewSchema,
  channels: z.array(z.object({ channel: z.string(), unit: z.enum(OWNED_FEE_BASES).nullable(), fee: z.string().nullable(), ...figures })),
  campaigns: z.array(z.object({ channel: z.string(), campaign_id: z.string(), campaign: z.string(), kind: z.string(), ...figures })),
  totals: z.object(figures),
});

import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/changes";

// A workspace's activity settings: a weight per event type (and per custom event name), the
// half-life of the decay, and how levels are cut. No row: the defaults below.

/** The event types a weight is set for; each one's source is in lib/activity/README.md. */
export const EVENT_TYPES = [
  "session_start",
  "page_view",
  "product_view",
  "add_to_cart",
  "checkout_started",
  "purchase",
  "email_click",
  "link_click",
] as const;
export type TEventType = (typeof EVENT_TYPES)[number];

export const LEVEL_MODES = ["thresholds", "quantiles"] as const;
export type TLevelMode = (typeof LEVEL_MODES)[number];
export const LEVELS = ["high", "medium", "low"] as const;
export type TLevel = (typeof LEVELS)[number];

export type TActivityWeights = Record<TEventType, number> & { custom: Record<string, number> };

export type TActivitySettings = {
  weights: TActivityWeights;
  halfLifeDays: number;
  levelMode: TLevelMode;
  /** thresholds: the score at or above which a person is high; quantiles: the percentile rank (0..1). */
  highCut: number;
  /** The same for medium; at most highCut. */
  mediumCut: number;
};

// The original weighed a login 1.0, a page view 0.3 and a feature click 0.5; a store's steps
// towards an order weigh more the closer they come to it, and an order most.
export const DEFAULT_WEIGHTS: TActivityWeights = {
  session_start: 1,
  page_view: 0.3,
  product_view: 0.5,
  add_to_cart: 2,
  checkout_started: 3,
  purchase: 5,
  email_click: 1,
  link_click: 1,
  custom: {},
};

/** Cuts a level mode starts from when a workspace switches to it. */
export const DEFAULT_CUTS: Record<TLevelMode, { highCut: number; mediumCut: number }> = {
  // About two sessions with a product view and an add to cart in the last week is high.
  thresholds: { highCut: 10, mediumCut: 3 },
  // The top fifth is high, the next three tenths medium.
  quantiles: { highCut: 0.8, mediumCut: 0.5 },
};

export const DEFAULT_ACTIVITY_SETTINGS: TActivitySettings = {
  weights: DEFAULT_WEIGHTS,
  halfLifeDays: 7,
  levelMode: "thresholds",
  ...DEFAULT_CUTS.thresholds,
};

export const MAX_WEIGHT = 1000;
export const MAX_CUSTOM_EVENTS = 50;
const CUSTOM_NAME = /^[A-Za-z0-9_.:\- ]{1,64}$/;

const ZWeight = z.number().finite().min(0).max(MAX_WEIGHT);

export const ZActivityWeights = z
  .object({
    ...(Object.fromEntries(EVENT_TYPES.map((type) => [type, ZWeight])) as Record<TEventType, typeof ZWeight>),
    custom: z
      .record(z.string().regex(CUSTOM_NAME, "a custom event name is 1 to 64 letters, digits, spaces or _.:-"), ZWeight)
      .refine((custom) => Object.keys(custom).length <= MAX_CUSTOM_EVENTS, `at most ${MAX_CUSTOM_EVENTS} custom events`)
      .default({}),
  })
  .strict();

export const ZActivitySettingsSchema = z
  .object({
    weights: ZActivityWeights,
    half_life_days: z.number().finite().min(0.5).max(365),
    level_mode: z.enum(LEVEL_MODES),
    high_cut: z.number().finite().min(0),
    medium_cut: z.number().finite().min(0),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.medium_cut > value.high_cut) ctx.addIssue({ code: "custom", path: ["medium_cut"], message: "medium_cut must not exceed high_cut" });
    if (value.level_mode === "quantiles") {
      for (const field of ["high_cut", "medium_cut"] as const) {
        if (value[field] > 1) ctx.addIssue({ code: "custom", path: [field], message: `${field} is a percentile rank between 0 and 1 in quantiles mode` });
      }
    }
  });
export type TActivitySettingsBody = z.infer<typeof ZActivitySettingsSchema>;

export function toBody(settings: TActivitySettings): TActivitySettingsBody {
  return {
    weights: settings.weights,
    half_life_days: settings.halfLifeDays,
    level_mode: settings.levelMode,
    high_cut: settings.highCut,
    medium_cut: settings.mediumCut,
  };
}

function weightsOf(stored: unknown): TActivityWeights {
  const parsed = ZActivityWeights.partial().safeParse(stored);
  if (!parsed.success) return DEFAULT_WEIGHTS;
  return { ...DEFAULT_WEIGHTS, ...parsed.data, custom: parsed.data.custom ?? {} };
}

export async function getActivitySettings(workspaceId: string): Promise<TActivitySettings> {
  const row = await db.activitySettings.findUnique({ where: { workspaceId } });
  if (!row) return DEFAULT_ACTIVITY_SETTINGS;
  return {
    weights: weightsOf(row.weights),
    halfLifeDays: row.halfLifeDays,
    levelMode: row.levelMode === "quantiles" ? "quantiles" : "thresholds",
    highCut: row.highCut,
    mediumCut: row.mediumCut,
  };
}

/** Saves validated settings; the caller asks for a full recompute (scores depend on every one of them). */
export async function saveActivitySettings(workspaceId: string, body: TActivitySettingsBody, updatedBy: string | null): Promise<TActivitySettings> {
  const data = {
    weights: body.weights as unknown as Prisma.InputJsonValue,
    halfLifeDays: body.half_life_days,
    levelMode: body.level_mode,
    highCut: body.high_cut,
    mediumCut: body.medium_cut,
    updatedBy,
  };
  const before = await getActivitySettings(workspaceId);
  await db.$transaction(async (tx) => {
    await tx.activitySettings.upsert({ where: { workspaceId }, create: { workspaceId, ...data }, update: data });
    await recordAudit(tx, {
      workspaceId,
      action: "activity_settings.changed",
      target: { type: "activity_settings", id: workspaceId },
      changes: diffFields(toBody(before), body),
    });
  });
  return getActivitySettings(workspaceId);
}

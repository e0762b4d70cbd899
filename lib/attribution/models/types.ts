/** One touchpoint of a journey, as the models see it. */
export type Touch = {
  at: Date;
  /** A channel of the project's channel vocabulary (lib/metrics/definitions). */
  channel: string;
  /** A direct visit: "last non-direct" skips these. */
  direct: boolean;
  /** Bought media: "paid only" keeps just these before a model runs. */
  paid: boolean;
};

export const RULE_MODELS = ["first_touch", "last_touch", "last_non_direct", "linear", "time_decay", "position_based"] as const;
export const DATA_DRIVEN_MODELS = ["markov", "shapley"] as const;
export const ATTRIBUTION_MODELS = [...RULE_MODELS, ...DATA_DRIVEN_MODELS] as const;

export type RuleModel = (typeof RULE_MODELS)[number];
export type DataDrivenModel = (typeof DATA_DRIVEN_MODELS)[number];
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

/** How many days before the order a touch may be and still earn credit. */
export const LOOKBACK_WINDOWS = [1, 7, 14, 28, 90] as const;
export type LookbackWindow = (typeof LOOKBACK_WINDOWS)[number];

export type ModelSettings = {
  /** Time decay: a touch this many days before the order weighs half as much as one at the order. > 0. */
  halfLifeDays: number;
  /** Position-based: the first and last touches' shares; the touches between share the rest. */
  positionBased: { first: number; last: number };
};

/** Journeys grouped for fitting a data-driven model: `count` journeys followed exactly these channels. */
export type Path = { channels: string[]; converted: boolean; count: number };

// Attribution models: pure functions from a journey's touches to each touch's share of an order.
// No database here; lib/attribution stores what these compute. See lib/attribution/README.md.
export type { AttributionModel, DataDrivenModel, LookbackWindow, ModelSettings, Path, RuleModel, Touch } from "./types";
export { ATTRIBUTION_MODELS, DATA_DRIVEN_MODELS, LOOKBACK_WINDOWS, RULE_MODELS } from "./types";
export {
  DEFAULT_MODEL_SETTINGS,
  attributionModelSchema,
  lookbackWindowSchema,
  modelSettingsSchema,
  parseModelSettings,
  ruleModelSchema,
} from "./settings";
export { ruleCredits } from "./rules";
export {
  fitMarkov,
  markovCredits,
  MARKOV_CONVERSION,
  MARKOV_NULL,
  MARKOV_OTHER,
  MARKOV_START,
  MAX_MARKOV_CHANNELS,
  transitionMatrix,
  type MarkovFit,
  type MarkovTransition,
  type TransitionMatrix,
} from "./markov";
export { fitShapley, shapleyCredits, type ShapleyFit } from "./shapley";
export { apportionMinor, apportionSmall, SMALL_LIMIT } from "./apportion";
export { normaliseCampaignName } from "./campaign-name";

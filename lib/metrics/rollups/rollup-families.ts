// The families of daily rollups, each rebuilt from its own facts.

export const ROLLUP_FAMILIES = ["sales", "ads", "traffic"] as const;
export type RollupFamily = (typeof ROLLUP_FAMILIES)[number];

// The activity settings endpoints (lib/activity). Plain constants, checked against Operation where
// operations.ts lists them.

const ACTIVITY = "/api/v1/workspaces/{slug}/activity";

export const ACTIVITY_OPERATIONS = [
  {
    method: "get", path: `${ACTIVITY}/settings`, tag: "Customers", operationId: "getActivitySettings", role: "viewer",
    summary: "Get the activity score settings",
    description: "The weight of each event type (and of custom events by name), the half-life of the decay in days, and how levels are cut: " +
      "`thresholds` (scores at or above high_cut are high, at or above medium_cut medium) or `quantiles` (percentile ranks 0..1). " +
      "A workspace that never saved any gets the defaults.",
    success: { status: 200, description: "The settings.", schema: "ActivitySettings" },
  },
  {
    method: "put", path: `${ACTIVITY}/settings`, tag: "Customers", operationId: "saveActivitySettings", role: "admin",
    summary: "Set the activity score settings",
    description: "Replaces the settings and recomputes every person's score, level and RFM segment in the background. " +
      "Weights are 0 to 1000; the half-life 0.5 to 365 days; medium_cut may not exceed high_cut, and in quantiles mode both are between 0 and 1. " +
      "A bad field is a 400 naming it.",
    body: { schema: "ActivitySettings" },
    success: { status: 200, description: "The settings saved.", schema: "ActivitySettings" },
  },
] as const;

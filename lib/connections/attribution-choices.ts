// The attribution windows a Meta Ads connection can report with (Meta withdrew the 28-day and
// 7-day view windows in 2024). Kept apart from the service so forms can import it.

export const META_ATTRIBUTION_CHOICES = {
  "7d_click,1d_view": "7-day click or 1-day view (Meta's default)",
  "7d_click": "7-day click",
  "1d_click,1d_view": "1-day click or 1-day view",
  "1d_click": "1-day click",
} as const;

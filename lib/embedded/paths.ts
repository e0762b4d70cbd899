// Paths of the embedded API that both the server and the browser name; nothing else here, so the
// browser's bundle takes in no server code with them.

/** The home's figures: the default dashboard's KPI cards, last 30 days (lib/embedded/dashboards.ts). */
export const HOME_FIGURES_PATH = "/api/embedded/dashboards?widgets=kpi";

/** A dashboard's path for its picker's choice: what the browser asks for, and the server renders first. */
export function dashboardPath(dashboardId: string | null, preset: string): string {
  const query = new URLSearchParams({ range: preset });
  if (dashboardId) query.set("dashboard", dashboardId);
  return `/api/embedded/dashboards?${query.toString()}`;
}

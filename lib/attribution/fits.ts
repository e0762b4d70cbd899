import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import type { TDataDrivenFits } from "./credits";
import { fitMarkov, fitShapley, type Path } from "./models";

// The data-driven models are fitted per workspace on the journeys of the last FIT_WINDOW_DAYS
// days: each person's touchpoints (a visitor without a person is its own journey) cut at each
// attributed order into converting paths, and what follows the last order (or a journey without
// one) as a path that did not convert. The fit is stored whole, so the screens can show the
// transition matrix and removal effects the credits came from.

export const FIT_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

const JOURNEYS_SQL = `
WITH touches AS (
  SELECT COALESCE(v.person_key, 'a:' || t.anonymous_id) AS journey, t.at, 0 AS is_order, t.channel
  FROM attribution_touchpoints t
  LEFT JOIN visitors v ON v.workspace_id = $1 AND v.anonymous_id = t.anonymous_id
  WHERE t.workspace_id = $1 AND t.at >= $2::timestamp
  UNION ALL
  SELECT COALESCE(a.person_key, 'a:' || a.anonymous_id), a.order_at, 1, NULL
  FROM order_attributions a
  WHERE a.workspace_id = $1 AND a.order_at >= $2::timestamp AND a.method NOT IN ('none', 'not_counted')
)
SELECT journey, is_order, channel FROM touches ORDER BY journey, at, is_order`;

/** Journeys since `since`, grouped into paths by their channel sequence. */
export async function journeyPaths(workspaceId: string, since: Date): Promise<Path[]> {
  const { rows } = await getPool().query<{ journey: string; is_order: number; channel: string | null }>(JOURNEYS_SQL, [
    workspaceId,
    since.toISOString().replace("Z", ""),
  ]);
  const paths = new Map<string, Path>();
  const add = (channels: string[], converted: boolean) => {
    if (channels.length === 0) return;
    const key = `${converted ? 1 : 0}\u001f${channels.join("\u001f")}`;
    const path = paths.get(key);
    if (path) path.count++;
    else paths.set(key, { channels, converted, count: 1 });
  };
  let journey: string | null = null;
  let channels: string[] = [];
  for (const row of rows) {
    if (row.journey !== journey) {
      add(channels, false);
      journey = row.journey;
      channels = [];
    }
    if (row.is_order) {
      add(channels, true);
      channels = [];
    } else channels.push(row.channel!);
  }
  add(channels, false);
  return [...paths.values()];
}

/** Fits both data-driven models on the workspace's recent journeys and stores them; returns the paths used. */
export async function fitWorkspaceModels(workspaceId: string, now = new Date()): Promise<{ paths: number; conversions: number }> {
  const paths = await journeyPaths(workspaceId, new Date(now.getTime() - FIT_WINDOW_DAYS * DAY_MS));
  const conversions = paths.filter((p) => p.converted).reduce((sum, p) => sum + p.count, 0);
  const journeys = paths.reduce((sum, p) => sum + p.count, 0);
  if (conversions === 0) {
    // Nothing converted: no evidence for any channel, so no fit (and no data-driven credit).
    await db.attributionFit.deleteMany({ where: { workspaceId } });
    return { paths: journeys, conversions };
  }
  const fits = { markov: fitMarkov(paths), shapley: fitShapley(paths) };
  for (const [model, fit] of Object.entries(fits)) {
    const data = { fit: JSON.parse(JSON.stringify(fit)), paths: journeys, conversions, windowDays: FIT_WINDOW_DAYS, fittedAt: now };
    await db.attributionFit.upsert({ where: { workspaceId_model: { workspaceId, model } }, create: { workspaceId, model, ...data }, update: data });
  }
  return { paths: journeys, conversions };
}

export async function loadFits(workspaceId: string): Promise<TDataDrivenFits> {
  const rows = await db.attributionFit.findMany({ where: { workspaceId } });
  const fits: TDataDrivenFits = {};
  for (const row of rows) {
    if (row.model === "markov") fits.markov = row.fit as unknown as TDataDrivenFits["markov"];
    if (row.model === "shapley") fits.shapley = row.fit as unknown as TDataDrivenFits["shapley"];
  }
  return fits;
}

export type TStoredFit = { model: string; fit: unknown; paths: number; conversions: number; windowDays: number; fittedAt: Date };

/** The stored fits, for the screens that show a data-driven model's evidence. */
export async function storedFits(workspaceId: string): Promise<TStoredFit[]> {
  return db.attributionFit.findMany({
    where: { workspaceId },
    select: { model: true, fit: true, paths: true, conversions: true, windowDays: true, fittedAt: true },
    orderBy: { model: "asc" },
  });
}

import { listConnectionViews } from "@/lib/connections/resource";
import type { TConnectionView } from "@/lib/connections/schema";
import { notFound } from "@/lib/errors";
import { embeddedDashboard, type EmbeddedDashboard } from "./dashboards";
import { HOME_FIGURES_PATH } from "./paths";
import type { EmbeddedContext } from "./guard";

// What the embedded home shows: the shop's workspace and its store connection's sync (the
// backfill's progress while it runs), read through the connections resource like the REST API.

export type EmbeddedHome = {
  shop: string;
  role: EmbeddedContext["role"];
  workspace: EmbeddedContext["workspace"];
  store: TConnectionView | null;
};

export async function embeddedHome(context: EmbeddedContext): Promise<EmbeddedHome> {
  const views = await listConnectionViews(context.workspace.id);
  return { shop: context.shop, role: context.role, workspace: context.workspace, store: views.find((v) => v.id === context.connectionId) ?? null };
}

/** One connection of the shop's workspace; another workspace's is not found. */
export async function embeddedConnection(context: EmbeddedContext, connectionId: string): Promise<TConnectionView> {
  const view = (await listConnectionViews(context.workspace.id)).find((v) => v.id === connectionId);
  if (!view) throw notFound("No such connection.");
  return view;
}


export type EmbeddedHomeFirstView = { home: EmbeddedHome; overview: EmbeddedDashboard };

/** What the home's document renders before any of its JavaScript runs: the same answers as its two calls. */
export async function embeddedHomeFirstView(context: EmbeddedContext): Promise<EmbeddedHomeFirstView> {
  const [home, overview] = await Promise.all([embeddedHome(context), embeddedDashboard(context, new URLSearchParams(HOME_FIGURES_PATH.split("?")[1]))]);
  return { home, overview };
}

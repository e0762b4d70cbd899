import { AppError } from "@/lib/errors";
import { getFunnel } from "@/lib/funnels/service";
import type { TWidgetConfig } from "./schema";

/** Refuses a funnel widget naming a funnel the workspace has not saved (another workspace's included). */
export async function assertFunnelWidget(workspaceId: string, config: TWidgetConfig): Promise<void> {
  const id = config.funnel?.funnel_id;
  if (!id) throw AppError.field("config.funnel.funnel_id", "Pick a saved funnel for the widget to show.");
  try {
    await getFunnel(workspaceId, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") throw AppError.field("config.funnel.funnel_id", "No such saved funnel in this workspace.");
    throw error;
  }
}

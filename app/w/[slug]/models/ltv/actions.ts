"use server";

import { AppError } from "@/lib/errors";
import { requestedAtOf, requestLtvFit } from "@/lib/ltv/request";
import { requireWorkspaceAction } from "@/lib/tenancy/server";
import { logger } from "@/lib/log";

const log = logger("ltv");

/** The model page's Fit now: admins and owners only, checked here since actions are public endpoints. */
export async function fitNowAction(slug: string): Promise<{ ok: true; requestedAt: string } | { ok: false; error: string }> {
  try {
    const { workspace } = await requireWorkspaceAction(slug, "settings.manage");
    const job = await requestLtvFit(workspace.id);
    return { ok: true, requestedAt: requestedAtOf(job) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    log.error("fit now failed", error);
    return { ok: false, error: "Something went wrong on our side. Please try again." };
  }
}

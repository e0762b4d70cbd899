"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { saveOwnedCostSettings } from "@/lib/owned/costs/store";
import { OWNED_CHANNELS } from "@/lib/owned/types";
import { requireWorkspaceAction } from "@/lib/tenancy/server";

/** Saves the fees form: one fee and unit per channel (a blank fee: none), and the MER/CAC switch. */
export async function saveOwnedFeesAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "settings.manage");
    const given = OWNED_CHANNELS.map((channel) => ({ channel, fee: String(form.get(`fee_${channel}`) ?? "").trim(), unit: String(form.get(`unit_${channel}`) ?? "send") })).filter((f) => f.fee !== "");
    try {
      await saveOwnedCostSettings(context.workspace.id, { fees: given, include_in_blended: form.get("include_in_blended") === "on" });
    } catch (error) {
      // The service names fields by position ("fees.0.fee"); the form's are per channel.
      if (!(error instanceof AppError) || !error.fields) throw error;
      const fields = Object.fromEntries(
        Object.entries(error.fields).map(([key, message]) => {
          const [, index, part] = /^fees\.(\d+)\.(fee|unit|channel)$/.exec(key) ?? [];
          const channel = index === undefined ? undefined : given[Number(index)]?.channel;
          return [channel ? `${part === "unit" ? "unit" : "fee"}_${channel}` : key, message];
        }),
      );
      return { ok: false, error: `Not saved: ${Object.values(fields)[0] ?? error.message}`, fields };
    }
    revalidatePath(`/w/${context.workspace.slug}/channels/costs`);
    return { ok: true, message: "Fees saved. Costs below use them for every range." };
  });
}

"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { createProductGroup, deleteProductGroup, moveProductGroup, updateProductGroup } from "@/lib/metrics/settings/product-groups";
import { retryRollupRebuild } from "@/lib/metrics/rollups/rebuild-requests";
import { addExcludedLineItem, removeExcludedLineItem, setOfflineRevenueInSales, setRevenueBasis, setSessionsSource } from "@/lib/metrics/settings/change";
import { previewProductGroup, type GroupPreview } from "@/lib/metrics/settings/group-options";
import { deleteUnitCost, importUnitCostsCsv, MAX_CSV_BYTES, setUnitCost } from "@/lib/metrics/settings/unit-costs";
import type { WorkspaceContext } from "@/lib/tenancy/guard";
import { requireWorkspaceAction } from "@/lib/tenancy/server";
import { formToObject } from "@/lib/validation";

// Every change here is an admin's (settings.manage), checked on each call: a hidden button is
// never the check.

async function asAdmin(
  form: FormData,
  work: (context: WorkspaceContext, input: Record<string, string>) => Promise<ActionState | void>,
  { revalidate = true } = {},
): Promise<ActionState> {
  return runAction(async () => {
    const { slug, ...input } = formToObject(form);
    const context = await requireWorkspaceAction(slug, "settings.manage");
    const result = await work(context, input);
    if (revalidate) revalidatePath(`/w/${context.workspace.slug}/settings/metrics`);
    return result;
  });
}

function rulesFrom(input: Record<string, string>): unknown {
  try {
    return JSON.parse(input.rules ?? "[]");
  } catch {
    throw AppError.field("rules", "The rules could not be read; reload the page and try again.");
  }
}

const REBUILD_NOTE = "Past days are being recalculated.";

export async function setRevenueBasisAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asAdmin(form, async ({ workspace }, input) => {
    await setRevenueBasis(workspace.id, input.revenueBasis);
    return { ok: true, message: `Revenue basis saved. ${REBUILD_NOTE}` };
  });
}

export async function setSessionsSourceAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asAdmin(form, async ({ workspace }, input) => {
    await setSessionsSource(workspace.id, input.sessionsSource);
    return { ok: true, message: `Sessions source saved. ${REBUILD_NOTE}` };
  });
}

export async function setOfflineRevenueAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asAdmin(form, async ({ workspace }, input) => {
    const { offlineRevenueInSales } = await setOfflineRevenueInSales(workspace.id, input.offlineRevenueInSales);
    return { ok: true, message: offlineRevenueInSales ? "Total sales and MER now include offline revenue." : "Offline revenue is now shown apart from total sales and MER." };
  });
}

export async function addExclusionAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asAdmin(form, async ({ workspace }, input) => {
    await addExcludedLineItem(workspace.id, { field: input.field, value: input.value });
    return { ok: true, message: `Excluded. ${REBUILD_NOTE}` };
  });
}

export async function removeExclusionAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asAdmin(form, async ({ workspace }, input) => {
    await removeExcludedLineItem(workspace.id, { field: input.field, value: input.value });
    return { ok: true, message: `Included again. ${REBUILD_NOTE}` };
  });
}

export async function saveProductGroupAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asAdmin(form, async ({ workspace }, input) => {
    const data = { name: input.name, rules: rulesFrom(input) };
    if (input.id) await updateProductGroup(workspace.id, input.id, data);
    else await createProductGroup(workspace.id, data);
    return { ok: true, message: `Product group saved. ${REBUILD_NOTE}` };
  });
}

export async function deleteProductGroupAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asAdmin(form, async ({ workspace }, input) => {
    await deleteProductGroup(workspace.id, input.id ?? "");
    return { ok: true, message: "Product group deleted." };
  });
}

export async function moveProductGroupAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asAdmin(form, async ({ workspace }, input) => {
    await moveProductGroup(workspace.id, input.id ?? "", input.direction === "up" ? "up" : "down");
  });
}

export async function setUnitCostAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asAdmin(form, async ({ workspace }, input) => {
    await setUnitCost(workspace.id, { field: input.field, value: input.value, unitCost: input.unitCost });
    return { ok: true, message: `Unit cost saved. ${REBUILD_NOTE}` };
  });
}

export async function deleteUnitCostAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asAdmin(form, async ({ workspace }, input) => {
    await deleteUnitCost(workspace.id, { field: input.field, value: input.value });
    return { ok: true, message: "Unit cost removed." };
  });
}

export async function importUnitCostsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asAdmin(form, async ({ workspace }) => {
    const file = form.get("file");
    if (!(file instanceof Blob) || file.size === 0) throw AppError.field("file", "Choose a CSV file.");
    if (file.size > MAX_CSV_BYTES) throw AppError.field("file", "The file is larger than 1 MB.", "payload_too_large");
    const { applied, field } = await importUnitCostsCsv(workspace.id, await file.text());
    return { ok: true, message: `Imported ${applied} unit cost${applied === 1 ? "" : "s"} by ${field === "sku" ? "SKU" : "title"}. ${REBUILD_NOTE}` };
  });
}

export async function retryRebuildAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asAdmin(form, async ({ workspace }, input) => {
    await retryRollupRebuild(workspace.id, input.id ?? "");
    return { ok: true, message: "Rebuild restarted." };
  });
}

export type PreviewState = { ok: boolean; error?: string; preview?: GroupPreview } | null;

/** What the rules being edited would match, before they are saved. */
export async function previewProductGroupAction(form: FormData): Promise<PreviewState> {
  let preview: GroupPreview | undefined;
  const state = await asAdmin(form, async ({ workspace }, input) => {
    preview = await previewProductGroup(workspace.id, { rules: rulesFrom(input) });
  }, { revalidate: false });
  return state?.ok ? { ok: true, preview } : { ok: false, error: state?.error };
}

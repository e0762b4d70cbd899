"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/lib/actions";
import { previewView, type DigestPreviewView } from "@/lib/digests/api-schema";
import { draftDigest } from "@/lib/digests/draft";
import { previewRun, sendDigestNow } from "@/lib/digests/run";
import { createDigest, deleteDigest, getDigest, updateDigest } from "@/lib/digests/service";
import { actorUserId } from "@/lib/tenancy/guard";
import { requireWorkspaceAction } from "@/lib/tenancy/server";

// Digests are members' to change, as the REST API has it (dashboards.edit); viewers read and
// preview. Every action checks the caller itself: a hidden button is never the check.

const listPath = (slug: string) => `/w/${slug}/digests`;

export async function saveDigestAction(slug: string, digestId: string | null, input: unknown): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(slug, "dashboards.edit");
    const caller = { userId: actorUserId(context) };
    const saved = digestId ? await updateDigest(context.workspace.id, digestId, caller, input) : await createDigest(context.workspace.id, caller, input);
    revalidatePath(listPath(context.workspace.slug));
    return { ok: true, message: digestId ? "Digest saved." : "Digest created.", data: { id: saved.id } };
  });
}

export type DraftPreview = DigestPreviewView & { schedule_text: string; next_run_at: string };
export type DraftPreviewAnswer = { ok: true; preview: DraftPreview } | { ok: false; error: string; fields?: Record<string, string> };

/** What the digest being edited would send now, with its schedule in words; nothing is saved or sent. */
export async function previewDigestAction(slug: string, digestId: string | null, input: unknown): Promise<DraftPreviewAnswer> {
  const state = { preview: null as DraftPreview | null };
  const result = await runAction(async () => {
    const context = await requireWorkspaceAction(slug, "workspace.read");
    const caller = { userId: actorUserId(context) };
    // Editing someone else's (or another workspace's) digest id is a 404 here as on the page.
    if (digestId !== null) await getDigest(context.workspace.id, digestId, caller);
    const now = new Date();
    const digest = await draftDigest(context.workspace.id, caller, input, now);
    const preview = previewView(await previewRun(digest, now));
    state.preview = { ...preview, schedule_text: digest.scheduleText, next_run_at: digest.nextRunAt.toISOString() };
  });
  return state.preview ? { ok: true, preview: state.preview } : { ok: false, error: result?.error ?? "The preview failed.", fields: result?.fields };
}

export async function sendDigestNowAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "dashboards.edit");
    const digest = await getDigest(context.workspace.id, String(form.get("id") ?? ""), { userId: actorUserId(context) });
    const outcome = await sendDigestNow(digest);
    revalidatePath(listPath(context.workspace.slug));
    const queued = outcome.deliveries.filter((d) => d.delivery_id !== null).length;
    if (queued === 0) {
      const why = outcome.deliveries.map((d) => d.note).filter(Boolean).join(" ");
      return { ok: false, error: digest.destinationIds.length === 0 ? "This digest has no destinations: add one, then send it." : `Nothing was sent. ${why}`.trim() };
    }
    const stale = outcome.stale_sources.length > 0 ? ` Stale sources named in it: ${outcome.stale_sources.join(", ")}.` : "";
    return { ok: true, message: `Sent to ${queued} destination${queued === 1 ? "" : "s"}.${stale}`, data: { status: outcome.status } };
  });
}

export async function deleteDigestAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "dashboards.edit");
    await deleteDigest(context.workspace.id, String(form.get("id") ?? ""), { userId: actorUserId(context) });
    revalidatePath(listPath(context.workspace.slug));
    redirect(listPath(context.workspace.slug));
  });
}

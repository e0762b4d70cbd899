import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import {
  ZPopupSettingsSchema,
  ZPopupTemplateInputSchema,
  type TPopupAudience,
  type TPopupLevel,
  type TPopupSettings,
  type TPopupTemplate,
  type TPopupTemplateInput,
  type TPopupTriggerType,
} from "./schema";
import { tagExists } from "./targeting";

// Templates and the workspace's pop-up settings: every read and write is by (workspace_id, id),
// so another workspace's template is the same 404 as a missing one.

type Row = Awaited<ReturnType<typeof db.popupTemplate.findFirstOrThrow>>;

export const popupJson = (row: Row): TPopupTemplate => ({
  id: row.id,
  name: row.name,
  title: row.title,
  body: row.body,
  cta_label: row.ctaLabel,
  cta_url: row.ctaUrl,
  url_pattern: row.urlPattern,
  trigger_type: row.triggerType as TPopupTriggerType,
  trigger_seconds: row.triggerSeconds,
  trigger_event: row.triggerEvent,
  audience: row.audience as TPopupAudience,
  target_tag_id: row.targetTagId,
  target_levels: row.targetLevels as TPopupLevel[],
  active_from: row.activeFrom?.toISOString() ?? null,
  active_until: row.activeUntil?.toISOString() ?? null,
  show_percent: row.showPercent,
  enabled: row.enabled,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

const missing = () => new AppError("not_found", "That pop-up does not exist.");

function assertId(id: unknown): asserts id is string {
  if (typeof id !== "string" || !id || id.length > 64 || id.includes("\u0000")) throw missing();
}

/** Parses a template and checks what only the database knows: the targeted tag is this workspace's. */
async function validTemplate(workspaceId: string, input: unknown): Promise<TPopupTemplateInput> {
  const data = parseInput(ZPopupTemplateInputSchema, input);
  if (data.target_tag_id && !(await tagExists(workspaceId, data.target_tag_id))) {
    throw AppError.field("target_tag_id", "No tag with this id in this workspace.");
  }
  return data;
}

const columns = (data: TPopupTemplateInput) => ({
  name: data.name,
  title: data.title,
  body: data.body,
  ctaLabel: data.cta_label || null,
  ctaUrl: data.cta_url,
  urlPattern: data.url_pattern,
  triggerType: data.trigger_type,
  // Only the fields the trigger reads are kept, so a stored template is never ambiguous.
  triggerSeconds: data.trigger_type === "event" ? null : data.trigger_seconds,
  triggerEvent: data.trigger_type === "event" ? data.trigger_event : null,
  audience: data.audience,
  targetTagId: data.target_tag_id,
  targetLevels: [...new Set(data.target_levels)],
  activeFrom: data.active_from,
  activeUntil: data.active_until,
  showPercent: data.show_percent,
  enabled: data.enabled,
});

export async function createPopup(workspaceId: string, input: unknown): Promise<TPopupTemplate> {
  const data = await validTemplate(workspaceId, input);
  return popupJson(await db.popupTemplate.create({ data: { workspaceId, ...columns(data) } }));
}

export async function listPopups(workspaceId: string): Promise<TPopupTemplate[]> {
  const rows = await db.popupTemplate.findMany({ where: { workspaceId }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: 500 });
  return rows.map(popupJson);
}

export async function getPopup(workspaceId: string, id: unknown): Promise<TPopupTemplate> {
  assertId(id);
  const row = await db.popupTemplate.findFirst({ where: { workspaceId, id } });
  if (!row) throw missing();
  return popupJson(row);
}

/** Replaces a template's definition (the editor sends the whole form). */
export async function updatePopup(workspaceId: string, id: unknown, input: unknown): Promise<TPopupTemplate> {
  assertId(id);
  const data = await validTemplate(workspaceId, input);
  const { count } = await db.popupTemplate.updateMany({ where: { workspaceId, id }, data: columns(data) });
  if (count === 0) throw missing();
  return getPopup(workspaceId, id);
}

/** Deletes a template with its A/B assignments (its report goes with them). */
export async function deletePopup(workspaceId: string, id: unknown): Promise<void> {
  assertId(id);
  const [, deleted] = await db.$transaction([
    db.popupAssignment.deleteMany({ where: { workspaceId, templateId: id } }),
    db.popupTemplate.deleteMany({ where: { workspaceId, id } }),
  ]);
  if (deleted.count === 0) throw missing();
}

export async function popupSettings(workspaceId: string): Promise<TPopupSettings> {
  const row = await db.popupSettings.findUnique({ where: { workspaceId } });
  return { daily_limit: row?.dailyLimit ?? null };
}

export async function savePopupSettings(workspaceId: string, input: unknown): Promise<TPopupSettings> {
  const data = parseInput(ZPopupSettingsSchema, input);
  await db.popupSettings.upsert({ where: { workspaceId }, create: { workspaceId, dailyLimit: data.daily_limit }, update: { dailyLimit: data.daily_limit } });
  return data;
}

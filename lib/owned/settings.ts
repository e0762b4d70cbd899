import { z } from "zod";
import { getPool } from "@/lib/db/pool";
import { parseInput } from "@/lib/validation";

// A workspace's owned-channel settings the links read: where an unreadable tracked link goes.

export const ZOwnedSettingsSchema = z.object({
  fallback_url: z
    .string()
    .trim()
    .max(2000)
    .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), "Give an absolute http(s) URL.")
    .nullable()
    .describe("Where a tracked link whose token cannot be read leads; null: a 404 page."),
});

export async function ownedSettings(workspaceId: string) {
  const { rows } = await getPool().query<{ fallback_url: string | null }>("SELECT fallback_url FROM owned_settings WHERE workspace_id = $1", [workspaceId]);
  return { fallback_url: rows[0]?.fallback_url ?? null };
}

export async function saveOwnedSettings(workspaceId: string, input: unknown) {
  const body = parseInput(ZOwnedSettingsSchema, input);
  await getPool().query(
    `INSERT INTO owned_settings (workspace_id, fallback_url, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (workspace_id) DO UPDATE SET fallback_url = EXCLUDED.fallback_url, updated_at = now()`,
    [workspaceId, body.fallback_url],
  );
  return body;
}

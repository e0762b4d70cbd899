import { open } from "@/lib/crypto/secrets";
import { getPool } from "@/lib/db/pool";

// A customer's email lives sealed in the store's customers table; a profile only keeps its keyed
// hash. Opened only to be shown: masked in lists and to viewers, whole on a profile for members.

/** "jane.doe@example.com" -> "j***@example.com"; something without an @ is masked whole. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

/**
 * The emails behind keyed hashes, opened from the most recently updated store customer row that
 * still holds one (a redacted customer holds none; ties go to the newest store id, so the same
 * spelling shows every time). A row that cannot be opened (a retired key) is left out rather
 * than failing the page; the value itself is never logged.
 */
export async function emailsByHash(workspaceId: string, hashes: readonly string[]): Promise<Map<string, string>> {
  const emails = new Map<string, string>();
  if (hashes.length === 0) return emails;
  const { rows } = await getPool().query<{ email_hash: string; email_encrypted: string }>(
    `SELECT DISTINCT ON (email_hash) email_hash, email_encrypted FROM customers
     WHERE workspace_id = $1 AND email_hash = ANY($2::text[]) AND email_encrypted IS NOT NULL AND redacted_at IS NULL
     ORDER BY email_hash, updated_at DESC, connection_id, external_id DESC`,
    [workspaceId, [...new Set(hashes)]],
  );
  for (const row of rows) {
    try {
      emails.set(row.email_hash, open(row.email_encrypted));
    } catch {
      // Unreadable under the current key ring: shown as unknown.
    }
  }
  return emails;
}

import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { toCsv, type CsvCell } from "@/lib/api/csv";
import { emailsByHash } from "@/lib/customers/email";
import type { Actor } from "@/lib/tenancy/guard";
import { memberRows, personIdOf, trimMoney } from "./members";

// An audience as a CSV file for an email tool or an ad platform's customer list: the only place
// members' emails are opened, for admins only (the route and the page ask for settings.manage),
// and every export is recorded (audience_exports: who, when, how many rows; never the file) and
// in the workspace's audit trail.

export const EXPORT_MAX_ROWS = 200_000;
const BATCH = 5_000;

export const EXPORT_COLUMNS = ["id", "email", "member_since", "source", "orders", "net_sales", "currency", "last_order_at", "country"] as const;

export type AudienceExportFile = { csv: string; rows: number; withEmail: number; truncated: boolean };

export async function exportAudienceCsv(workspace: { id: string; currency: string }, tagId: string, actor: Actor): Promise<AudienceExportFile> {
  const lines: CsvCell[][] = [[...EXPORT_COLUMNS]];
  let after: string | null = null;
  let withEmail = 0;
  let truncated = false;
  for (;;) {
    const take = Math.min(BATCH, EXPORT_MAX_ROWS - (lines.length - 1));
    if (take <= 0) {
      truncated = (await memberRows(workspace.id, tagId, after, 1)).length > 0;
      break;
    }
    const rows = await memberRows(workspace.id, tagId, after, take);
    if (rows.length === 0) break;
    const emails = await emailsByHash(workspace.id, rows.flatMap((row) => (row.email_hash ? [row.email_hash] : [])));
    for (const row of rows) {
      const email = row.email_hash ? (emails.get(row.email_hash) ?? null) : null;
      if (email) withEmail += 1;
      lines.push([
        personIdOf(row.person_key), email, row.since.toISOString(), row.source, row.orders,
        row.net_sales === null ? null : trimMoney(row.net_sales), row.net_sales === null ? null : workspace.currency, row.last_order_at?.toISOString() ?? null, row.country,
      ]);
    }
    after = rows[rows.length - 1]!.person_key;
    if (rows.length < take) break;
  }
  const rows = lines.length - 1;
  await recordExport(workspace.id, tagId, actor, rows, withEmail);
  return { csv: toCsv(lines), rows, withEmail, truncated };
}

async function recordExport(workspaceId: string, tagId: string, actor: Actor, rows: number, withEmail: number): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.audienceExport.create({
      data: {
        workspaceId, tagId, rows, withEmail,
        userId: actor.kind === "user" ? actor.userId : null,
        apiKeyId: actor.kind === "apiKey" ? actor.apiKeyId : null,
      },
    });
    await recordAudit(tx, {
      workspaceId,
      action: "audience.exported",
      target: { type: "audience", id: tagId },
      changes: { rows: { before: null, after: rows }, with_email: { before: null, after: withEmail } },
    });
  });
}

export async function recentExports(workspaceId: string, tagId: string, take = 5) {
  return db.audienceExport.findMany({ where: { workspaceId, tagId }, orderBy: { at: "desc" }, take });
}

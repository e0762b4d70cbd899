import type { PoolClient } from "pg";

// Redacting a recipient from the owned-channel tables (customers/redact): the sends to them keep
// their counts (a report's sends, clicks and opens stay right) but lose everything that names the
// person: the email and phone hashes and the customer id; their clicks and opens lose the visitor,
// the address hash and network and the user agent's hash; conversions lose the visitor.

export type TOwnedRecipient = {
  /** keyedHash values of the person's emails. */
  emailHashes: string[];
  /** Store customer ids, as text. */
  customerIds: string[];
};

export type TOwnedRedaction = { sends: number; clicks: number; opens: number; conversions: number };

export async function redactOwnedRecipient(client: PoolClient, workspaceId: string, who: TOwnedRecipient): Promise<TOwnedRedaction> {
  if (who.emailHashes.length === 0 && who.customerIds.length === 0) return { sends: 0, clicks: 0, opens: 0, conversions: 0 };
  const { rows } = await client.query<{ id: string }>(
    `SELECT id::text FROM owned_sends
     WHERE workspace_id = $1 AND (recipient_email_hash = ANY($2::text[]) OR recipient_customer_id = ANY($3::text[]))`,
    [workspaceId, who.emailHashes, who.customerIds],
  );
  const sendIds = rows.map((r) => r.id);
  if (sendIds.length === 0) return { sends: 0, clicks: 0, opens: 0, conversions: 0 };
  const clicks = await client.query(
    `UPDATE owned_clicks SET visitor_id = NULL, ip_hash = NULL, ip_prefix = NULL, user_agent_hash = NULL
     WHERE workspace_id = $1 AND send_id = ANY($2::bigint[])`,
    [workspaceId, sendIds],
  );
  const opens = await client.query(
    "UPDATE owned_opens SET ip_hash = NULL, ip_prefix = NULL WHERE workspace_id = $1 AND send_id = ANY($2::bigint[])",
    [workspaceId, sendIds],
  );
  const conversions = await client.query(
    "UPDATE owned_conversions SET anonymous_id = NULL WHERE workspace_id = $1 AND send_id = ANY($2::bigint[])",
    [workspaceId, sendIds],
  );
  const sends = await client.query(
    `UPDATE owned_sends SET recipient_email_hash = NULL, recipient_phone_hash = NULL, recipient_customer_id = NULL
     WHERE workspace_id = $1 AND id = ANY($2::bigint[])`,
    [workspaceId, sendIds],
  );
  return { sends: sends.rowCount ?? 0, clicks: clicks.rowCount ?? 0, opens: opens.rowCount ?? 0, conversions: conversions.rowCount ?? 0 };
}

import { customerKeyOf } from "@/lib/customers/customer-id";
import { emailsByHash, maskEmail } from "@/lib/customers/email";
import { getPool } from "@/lib/db/pool";
import { listMerges, type TIdentityMerge } from "./merge-admin";

// The merges page's rows: each merge with both customers named the way people know them (a
// masked email, else the source and its store id) and what found it (a sync run, an import, a
// tracked event). Emails are masked for everyone here: the page is about which records were
// joined, and the customer's own page shows the address to those who may see it.

export type TMergeParty = { id: string; label: string; hasProfile: boolean };
export type TMergeRowView = TIdentityMerge & { survivor: TMergeParty; merged: TMergeParty; foundBy: string };

const REASONS: Record<TIdentityMerge["reason"], string> = {
  phone_hash: "Same phone number",
  email_hash: "Same email, seen at checkout",
  member_id: "Same member id",
  store_id: "Same store id, seen in one event",
};
export const mergeReasonLabel = (reason: TIdentityMerge["reason"]) => REASONS[reason];

function foundBy(merge: TIdentityMerge, connections: Map<string, string>): string {
  if (merge.run_id?.startsWith("import:")) return `Import into ${connections.get(merge.run_id.slice("import:".length)) ?? "an import"}`;
  if (merge.run_id) return `Sync run ${merge.run_id}`;
  if (merge.message_id) return `Tracked event ${merge.message_id}`;
  return "Sync";
}

/** Recent merges of the workspace (newest first, undone ones included), ready to show. */
export async function mergesForPage(workspaceId: string): Promise<TMergeRowView[]> {
  const { merges } = await listMerges(workspaceId);
  if (merges.length === 0) return [];
  const keys = [...new Set(merges.flatMap((m) => [keyOf(m.customer_id), keyOf(m.merged_customer_id)]))];
  const hashes = keys.filter((k) => k.startsWith("e:")).map((k) => k.slice(2));
  const pool = getPool();
  const [emails, connections, profiles] = await Promise.all([
    emailsByHash(workspaceId, hashes),
    pool.query<{ id: string; name: string }>("SELECT id, display_name AS name FROM connections WHERE workspace_id = $1", [workspaceId]),
    pool.query<{ key: string }>("SELECT customer_key AS key FROM customer_profiles WHERE workspace_id = $1 AND customer_key = ANY($2::text[])", [workspaceId, keys]),
  ]);
  const names = new Map(connections.rows.map((c) => [c.id, c.name]));
  const withProfile = new Set(profiles.rows.map((p) => p.key));
  const party = (id: string): TMergeParty => {
    const key = keyOf(id);
    return { id, label: labelOf(key, emails, names), hasProfile: withProfile.has(key) };
  };
  return merges.map((m) => ({ ...m, survivor: party(m.customer_id), merged: party(m.merged_customer_id), foundBy: foundBy(m, names) }));
}

const keyOf = (id: string) => customerKeyOf(id) ?? "";

function labelOf(key: string, emails: Map<string, string>, connections: Map<string, string>): string {
  if (key.startsWith("e:")) {
    const email = emails.get(key.slice(2));
    return email ? maskEmail(email) : "A customer known by email";
  }
  const [connection, storeId] = key.slice(2).split(":");
  return `${connections.get(connection!) ?? "Removed source"} customer ${storeId}`;
}

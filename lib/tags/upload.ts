import { keyedHash } from "@/lib/crypto/secrets";
import { customerIdOf, customerKeyOf } from "@/lib/customers/customer-id";
import { maskEmail } from "@/lib/customers/email";
import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { parseCsv } from "@/lib/imports/csv";
import { parseInput } from "@/lib/validation";
import { changeMembersByHand } from "./membership";
import { MAX_BULK_PEOPLE, ZMembersChangeSchema, type TMatchReport } from "./schema";
import { tagRow } from "./service";

// Tagging people by hand: a selection from the customers list (their ids) or an uploaded CSV of
// emails or customer ids. Every row is matched to a person of the workspace first; emails are
// matched by the customers' keyed hash and never kept. Nothing is applied unless everyone matched
// or `partial` was asked, and the answer says what matched and what did not, by line.

type TWanted = { line: number | null; value: string; key: string | null; reason?: string };

/** Which of these person keys the workspace knows (a customer profile). */
async function knownKeys(workspaceId: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await getPool().query<{ customer_key: string }>(
    "SELECT customer_key FROM customer_profiles WHERE workspace_id = $1 AND customer_key = ANY($2::text[])",
    [workspaceId, [...new Set(keys)]],
  );
  return new Set(rows.map((r) => r.customer_key));
}

/** The person key behind each email hash, where a customer profile has it. */
async function keysByEmailHash(workspaceId: string, hashes: readonly string[]): Promise<Map<string, string>> {
  if (hashes.length === 0) return new Map();
  const { rows } = await getPool().query<{ email_hash: string; customer_key: string }>(
    "SELECT email_hash, customer_key FROM customer_profiles WHERE workspace_id = $1 AND email_hash = ANY($2::text[])",
    [workspaceId, [...new Set(hashes)]],
  );
  return new Map(rows.map((r) => [r.email_hash, r.customer_key]));
}

async function matchIds(workspaceId: string, ids: readonly { line: number | null; id: string }[]): Promise<TWanted[]> {
  const wanted = ids.map(({ line, id }) => ({ line, value: id, key: customerKeyOf(id.trim()) }));
  const known = await knownKeys(workspaceId, wanted.flatMap((w) => (w.key ? [w.key] : [])));
  return wanted.map((w) => (w.key && known.has(w.key) ? w : { ...w, key: null, reason: w.key ? "No such customer in this workspace." : "Not a customer id." }));
}

async function matchEmails(workspaceId: string, emails: readonly { line: number; email: string }[]): Promise<TWanted[]> {
  const hashed = emails.map(({ line, email }) => ({ line, email, hash: email.includes("@") ? keyedHash(email) : null }));
  const byHash = await keysByEmailHash(workspaceId, hashed.flatMap((h) => (h.hash ? [h.hash] : [])));
  return hashed.map(({ line, email, hash }) => {
    const key = hash ? (byHash.get(hash) ?? null) : null;
    return { line, value: maskEmail(email), key, ...(key ? {} : { reason: hash ? "No customer with this email." : "Not an email address." }) };
  });
}

async function applyMatched(workspaceId: string, tagId: string, wanted: TWanted[], action: "add" | "remove", partial: boolean): Promise<TMatchReport> {
  const unmatched = wanted.filter((w) => w.key === null).map((w) => ({ line: w.line, value: w.value, reason: w.reason ?? "Not matched." }));
  const keys = wanted.flatMap((w) => (w.key ? [w.key] : []));
  const applied = keys.length > 0 && (unmatched.length === 0 || partial);
  const diff = applied ? await changeMembersByHand(workspaceId, tagId, action === "add" ? { add: keys } : { remove: keys }) : { added: [], removed: [] };
  return { applied, rows_total: wanted.length, matched: keys.length, unmatched, added: diff.added.length, removed: diff.removed.length };
}

async function manualTag(workspaceId: string, tagId: unknown) {
  const tag = await tagRow(workspaceId, tagId);
  if (tag.kind !== "manual") throw AppError.field("tag", "This tag is set by its rule; people cannot be added or removed by hand.");
  return tag;
}

/** Adds and removes people by customer id (the customers list's selection). */
export async function changeMembers(workspaceId: string, tagId: unknown, input: unknown): Promise<TMatchReport> {
  const tag = await manualTag(workspaceId, tagId);
  const { add = [], remove = [], partial = false } = parseInput(ZMembersChangeSchema, input);
  if (add.length === 0 && remove.length === 0) throw AppError.field("add", "Give customer ids to add or remove.");
  if (add.length > 0 && remove.length > 0) throw AppError.field("remove", "Add or remove in one request, not both.");
  const action = add.length > 0 ? "add" : "remove";
  const wanted = await matchIds(workspaceId, (add.length > 0 ? add : remove).map((id) => ({ line: null, id })));
  return applyMatched(workspaceId, tag.id, wanted, action, partial);
}

/** An uploaded CSV with an `email` or a `customer_id` column (one of them), one person a row. */
export async function uploadMembers(workspaceId: string, tagId: unknown, text: string, options: { action: "add" | "remove"; partial: boolean }): Promise<TMatchReport> {
  const tag = await manualTag(workspaceId, tagId);
  const table = parseCsv(text);
  const column = ["email", "customer_id"].find((c) => table.header.includes(c));
  if (!column) throw AppError.field("body", "The CSV needs a header row with an email or a customer_id column.");
  if (table.records.length === 0) throw AppError.field("body", "The CSV has no rows under its header.");
  if (table.records.length > MAX_BULK_PEOPLE) throw AppError.field("body", `At most ${MAX_BULK_PEOPLE} rows at once.`);
  const rows = table.records.map((r) => ({ line: r.line, value: (r.values[column] ?? "").trim() }));
  const wanted = column === "email"
    ? await matchEmails(workspaceId, rows.map((r) => ({ line: r.line, email: r.value })))
    : await matchIds(workspaceId, rows.map((r) => ({ line: r.line, id: r.value })));
  // Rows the parser could not read are unmatched too, so nothing is half-applied for them either.
  // A one-column file has no delimiter to detect; that is not a problem with any row.
  for (const problem of table.problems.filter((p) => !p.message.startsWith("Unable to auto-detect delimiting character"))) wanted.push({ line: problem.line, value: "", key: null, reason: problem.message });
  return applyMatched(workspaceId, tag.id, wanted, options.action, options.partial);
}

export const memberIdOf = customerIdOf;

import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { openJson } from "@/lib/crypto/secrets";
import { ConnectorError } from "@/lib/connectors/common/errors";
import type { FetchLike } from "@/lib/connectors/common/http";
import type { Sleep } from "@/lib/connectors/common/retry";
import { createKlaviyoClient } from "@/lib/connectors/klaviyo/client";
import { IMPORT_BATCH, LOOKUP_BATCH, REMOVE_BATCH, findOrCreateList, importToList, profileIdsByEmail, removeFromList } from "@/lib/connectors/klaviyo/lists";
import { isKlaviyoCredentials } from "@/lib/connectors/klaviyo/provider";
import { emailsByHash } from "@/lib/customers/email";
import { PermanentJobError } from "@/lib/jobs/errors";

// Keeps an audience's Klaviyo list in step with the tag. The first sync sends every member; later
// ones read the tag's own history (person_tag_history, lib/tags) past the last row sent and send
// each person's latest change, so nothing about a person is stored here and a failed sync simply
// starts again from the same row. People are sent by email (opened only into the request): a
// person without one is counted as skipped. The mark moves only after Klaviyo accepted a batch.

export const HISTORY_BATCH = 10_000;
export const listNameOf = (tagName: string) => `Signalboard: ${tagName}`.slice(0, 200);

export type KlaviyoSyncOptions = { fetch?: FetchLike; sleep?: Sleep; now?: Date };
export type KlaviyoSyncOutcome = { listId: string; added: number; removed: number; skipped: number };

type Change = { personKey: string; change: "added" | "removed" };

async function emailsOf(workspaceId: string, personKeys: string[]): Promise<Map<string, string>> {
  if (personKeys.length === 0) return new Map();
  const { rows } = await getPool().query<{ person_key: string; email_hash: string | null }>(
    `SELECT k AS person_key, COALESCE(cp.email_hash, CASE WHEN k LIKE 'e:%' THEN substr(k, 3) END) AS email_hash
     FROM unnest($2::text[]) AS k LEFT JOIN customer_profiles cp ON cp.workspace_id = $1 AND cp.customer_key = k`,
    [workspaceId, personKeys],
  );
  const emails = await emailsByHash(workspaceId, rows.flatMap((row) => (row.email_hash ? [row.email_hash] : [])));
  const byKey = new Map<string, string>();
  for (const row of rows) {
    const email = row.email_hash ? emails.get(row.email_hash) : undefined;
    if (email) byKey.set(row.person_key, email);
  }
  return byKey;
}

async function latestHistoryId(workspaceId: string, tagId: string): Promise<bigint> {
  const { rows } = await getPool().query<{ id: string | null }>("SELECT max(id)::text AS id FROM person_tag_history WHERE workspace_id = $1 AND tag_id = $2", [workspaceId, tagId]);
  return BigInt(rows[0]?.id ?? "0");
}

/** The next batch of changes past `after`: each person's latest, and the last history row read. */
async function changesAfter(workspaceId: string, tagId: string, after: bigint): Promise<{ changes: Change[]; last: bigint; more: boolean }> {
  const { rows } = await getPool().query<{ id: string; person_key: string; change: string }>(
    `SELECT id::text, person_key, change FROM person_tag_history WHERE workspace_id = $1 AND tag_id = $2 AND id > $3::bigint ORDER BY id LIMIT $4`,
    [workspaceId, tagId, after.toString(), HISTORY_BATCH],
  );
  const latest = new Map<string, Change["change"]>();
  for (const row of rows) latest.set(row.person_key, row.change === "removed" ? "removed" : "added");
  return {
    changes: [...latest].map(([personKey, change]) => ({ personKey, change })),
    last: rows.length ? BigInt(rows[rows.length - 1]!.id) : after,
    more: rows.length === HISTORY_BATCH,
  };
}

async function allMembers(workspaceId: string, tagId: string): Promise<Change[]> {
  const { rows } = await getPool().query<{ person_key: string }>("SELECT person_key FROM person_tags WHERE workspace_id = $1 AND tag_id = $2 ORDER BY person_key", [workspaceId, tagId]);
  return rows.map((row) => ({ personKey: row.person_key, change: "added" }));
}

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Why a sync failed, in words an admin can act on (the key is never in them). */
export function syncFailureMessage(error: unknown): string {
  if (error instanceof ConnectorError) {
    if (error.kind === "auth") return "Klaviyo refused the private API key: syncing a list needs a key with write access to lists and profiles. Paste a new key on the connections page.";
    if (error.kind === "rate_limited") return "Klaviyo's rate limit was reached; the sync is tried again shortly.";
    return error.message.slice(0, 500);
  }
  if (error instanceof PermanentJobError) return error.message;
  return "The sync to Klaviyo failed unexpectedly; it is tried again shortly.";
}

export async function syncAudienceToKlaviyo(workspaceId: string, tagId: string, options: KlaviyoSyncOptions = {}): Promise<KlaviyoSyncOutcome | null> {
  const setting = await db.audienceSetting.findUnique({ where: { workspaceId_tagId: { workspaceId, tagId } } });
  if (!setting?.klaviyoConnectionId) return null;
  const [tag, connection] = await Promise.all([
    db.tag.findUnique({ where: { workspaceId_id: { workspaceId, id: tagId } }, select: { name: true } }),
    db.connection.findUnique({ where: { workspaceId_id: { workspaceId, id: setting.klaviyoConnectionId } }, select: { provider: true, status: true, credentials: true } }),
  ]);
  if (!tag) throw new PermanentJobError("The audience's tag no longer exists.");
  if (!connection || connection.provider !== "klaviyo" || connection.status === "disconnected") throw new PermanentJobError("The Klaviyo connection this audience syncs to is gone: choose another on the audience's page.");
  const credentials = openJson<unknown>(connection.credentials);
  if (!isKlaviyoCredentials(credentials)) throw new PermanentJobError("The Klaviyo connection has no API key: paste a new private key on the connections page.");
  const client = createKlaviyoClient({ apiKey: credentials.apiKey, fetch: options.fetch, sleep: options.sleep });

  // The list found or made on the first sync stays the audience's, even if the tag is renamed.
  let listId = setting.klaviyoListId;
  if (!listId) {
    const listName = listNameOf(tag.name);
    listId = await findOrCreateList(client, listName);
    await db.audienceSetting.update({ where: { workspaceId_tagId: { workspaceId, tagId } }, data: { klaviyoListId: listId, klaviyoListName: listName } });
  }

  const outcome: KlaviyoSyncOutcome = { listId, added: 0, removed: 0, skipped: 0 };
  let mark = setting.klaviyoHistoryId;
  for (;;) {
    let batch: { changes: Change[]; last: bigint; more: boolean };
    if (mark === null) {
      // Read the mark first: a change landing while the members are read is sent again next time.
      const last = await latestHistoryId(workspaceId, tagId);
      batch = { changes: await allMembers(workspaceId, tagId), last, more: false };
    } else {
      batch = await changesAfter(workspaceId, tagId, mark);
    }
    const emails = await emailsOf(workspaceId, batch.changes.map((c) => c.personKey));
    const adds = batch.changes.filter((c) => c.change === "added").flatMap((c) => emails.get(c.personKey) ?? []);
    const removes = batch.changes.filter((c) => c.change === "removed").flatMap((c) => emails.get(c.personKey) ?? []);
    outcome.skipped += batch.changes.length - adds.length - removes.length;
    for (const part of chunks(adds, IMPORT_BATCH)) await importToList(client, listId, part);
    outcome.added += adds.length;
    for (const part of chunks(removes, LOOKUP_BATCH)) {
      const ids = await profileIdsByEmail(client, part);
      for (const idPart of chunks(ids, REMOVE_BATCH)) await removeFromList(client, listId, idPart);
    }
    outcome.removed += removes.length;
    mark = batch.last;
    await db.audienceSetting.update({ where: { workspaceId_tagId: { workspaceId, tagId } }, data: { klaviyoHistoryId: mark } });
    if (!batch.more) break;
  }
  await db.audienceSetting.update({
    where: { workspaceId_tagId: { workspaceId, tagId } },
    data: {
      klaviyoStatus: "synced", klaviyoSyncedAt: options.now ?? new Date(), klaviyoError: null,
      klaviyoAdded: outcome.added, klaviyoRemoved: outcome.removed, klaviyoSkipped: outcome.skipped,
    },
  });
  return outcome;
}

/** Records a failed sync on the audience, for its page; the mark stays where Klaviyo last accepted. */
export async function recordKlaviyoFailure(workspaceId: string, tagId: string, error: unknown): Promise<void> {
  await db.audienceSetting.updateMany({ where: { workspaceId, tagId }, data: { klaviyoStatus: "failed", klaviyoError: syncFailureMessage(error) } });
}

import type { PoolClient } from "pg";
import { getPool } from "@/lib/db/pool";

// Monthly partitions of tracked_events (PARTITION BY RANGE (occurred_at), UTC months). The
// maintenance job creates the coming months ahead; the drain creates on demand the month of any
// event it is about to store that has none yet (an old event replayed, a clock far off), so
// rows land in the default partition only if something writes past both. Creating a month's
// partition moves that month's rows out of the default partition first, since Postgres refuses
// to attach a range the default partition holds rows of.

const PARENT = "tracked_events";
const DEFAULT_PARTITION = "tracked_events_default";

/** "2026-03" -> "tracked_events_y2026m03". */
export const partitionName = (month: string) => `${PARENT}_y${month.slice(0, 4)}m${month.slice(5, 7)}`;

/** The first day of the month after `month` ("2026-12" -> "2027-01-01"). */
function nextMonthStart(month: string): string {
  const [year, mon] = month.split("-").map(Number) as [number, number];
  return mon === 12 ? `${year + 1}-01-01` : `${year}-${String(mon + 1).padStart(2, "0")}-01`;
}

/** The UTC month ("YYYY-MM") `offset` months from `at`'s. */
export function monthOf(at: Date, offset = 0): string {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1));
  return d.toISOString().slice(0, 7);
}

// Months known to have a partition in this process: the drain asks for each batch's months.
const known = new Set<string>();

export function forgetKnownPartitions(): void {
  known.clear();
}

/** The months ("YYYY-MM") that have their own partition. */
export async function existingPartitionMonths(client: Pick<PoolClient, "query"> = getPool()): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = $1::regclass AND c.relname ~ '_y[0-9]{4}m[0-9]{2}$' ORDER BY 1`,
    [PARENT],
  );
  return rows.map(({ name }) => `${name.slice(-7, -3)}-${name.slice(-2)}`);
}

/** Creates the partition of each month that lacks one (idempotent; safe from several processes at once). */
export async function ensureMonthPartitions(months: Iterable<string>): Promise<string[]> {
  const created: string[] = [];
  for (const month of new Set(months)) {
    if (known.has(month)) continue;
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new Error(`Not a month: ${month}`);
    if (await createPartition(month)) created.push(month);
    known.add(month);
  }
  return created;
}

async function createPartition(month: string): Promise<boolean> {
  const name = partitionName(month);
  const from = `${month}-01`;
  const to = nextMonthStart(month);
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    // One creator per month at a time; the others find it made.
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [name]);
    const { rows } = await client.query<{ exists: boolean }>("SELECT to_regclass($1) IS NOT NULL AS exists", [name]);
    if (rows[0]!.exists) {
      await client.query("COMMIT");
      return false;
    }
    await client.query(`CREATE TABLE "${name}" (LIKE "${PARENT}" INCLUDING DEFAULTS)`);
    await client.query(
      `WITH moved AS (DELETE FROM "${DEFAULT_PARTITION}" WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING *)
       INSERT INTO "${name}" SELECT * FROM moved`,
      [from, to],
    );
    await client.query(`ALTER TABLE "${PARENT}" ATTACH PARTITION "${name}" FOR VALUES FROM ('${from}') TO ('${to}')`);
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Drops whole months older than `keepDays` days (the longest retention of any workspace): every
 * event in them is past every workspace's retention. Their message ids go from the ledger too.
 */
export async function dropPartitionsBefore(cutoff: Date): Promise<string[]> {
  const dropped: string[] = [];
  for (const month of await existingPartitionMonths()) {
    // A month may go only when all of it is older than the cutoff.
    if (new Date(`${nextMonthStart(month)}T00:00:00Z`) > cutoff) continue;
    const client = await getPool().connect();
    try {
      await client.query("BEGIN");
      await client.query(`DELETE FROM tracked_event_ids WHERE occurred_at >= $1 AND occurred_at < $2`, [`${month}-01`, nextMonthStart(month)]);
      await client.query(`DROP TABLE IF EXISTS "${partitionName(month)}"`);
      await client.query("COMMIT");
      known.delete(month);
      dropped.push(month);
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
  return dropped;
}

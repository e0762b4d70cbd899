import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import type { AuditActorKind } from "@/lib/log/context";
import { addDays, localDate, localTime, startOfLocalDay } from "@/lib/time/zone";
import { AUDIT_ACTION_GROUPS, auditActionLabel, isAuditAction, type AuditAction } from "./actions";

// Reading a workspace's trail, newest first, one page at a time. The cursor is the last event's
// time (to the millisecond, which is what a Date carries) and id, so a page is one index range
// however deep the reader goes, and events written meanwhile never shift a page.

export const DEFAULT_AUDIT_PAGE = 50;
export const MAX_AUDIT_PAGE = 500;
const ACTOR_KINDS: readonly AuditActorKind[] = ["user", "api_key", "operator", "system"];
const PARAMETERS = ["actor_kind", "actor_id", "action", "target_type", "target_id", "from", "to", "cursor", "limit"] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export type AuditFilters = {
  actorKind?: AuditActorKind;
  actorId?: string;
  action?: AuditAction;
  /** A group of actions, "member" for every member.* action (`action=member.*`). */
  actionGroup?: string;
  targetType?: string;
  targetId?: string;
  /** Local calendar days (YYYY-MM-DD) in the workspace's time zone, both included. */
  from?: string;
  to?: string;
};

export type AuditQuery = { filters: AuditFilters; cursor: string | null; limit: number };

export type AuditEventView = {
  id: string;
  occurred_at: string;
  /** The same instant on the workspace's clocks, "YYYY-MM-DD HH:MM". */
  occurred_local: string;
  actor: { kind: AuditActorKind; id: string | null };
  action: string;
  label: string;
  target: { type: string; id: string | null };
  /** The first characters of the client address's keyed hash: enough to tell addresses apart. */
  ip_hash_prefix: string | null;
  changes: Record<string, { before: unknown; after: unknown }> | null;
};

export type AuditPage = { events: AuditEventView[]; next_cursor: string | null };

function day(name: string, value: string): string {
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw AppError.field(name, `${name} must be a date as YYYY-MM-DD.`);
  return value;
}

/** The filters, cursor and page size of a query string; an unknown or malformed parameter is a 400 naming it. */
export function parseAuditQuery(search: URLSearchParams): AuditQuery {
  for (const name of search.keys()) {
    if (!(PARAMETERS as readonly string[]).includes(name)) throw AppError.field(name, `Unknown parameter "${name}": use ${PARAMETERS.join(", ")}.`);
  }
  const text = (name: string) => {
    const value = search.get(name);
    if (value === null || value === "") return undefined;
    if (value.length > 200) throw AppError.field(name, `${name} is too long.`);
    return value;
  };
  const filters: AuditFilters = {};
  const actorKind = text("actor_kind");
  if (actorKind !== undefined) {
    if (!(ACTOR_KINDS as readonly string[]).includes(actorKind)) throw AppError.field("actor_kind", `actor_kind must be one of ${ACTOR_KINDS.join(", ")}.`);
    filters.actorKind = actorKind as AuditActorKind;
  }
  filters.actorId = text("actor_id");
  const action = text("action");
  if (action !== undefined) {
    const group = action.endsWith(".*") ? action.slice(0, -2) : null;
    if (group !== null && AUDIT_ACTION_GROUPS.includes(group)) filters.actionGroup = group;
    else if (isAuditAction(action)) filters.action = action;
    else throw AppError.field("action", `Unknown action "${action}": give an action such as member.role_changed, or a group such as member.*.`);
  }
  filters.targetType = text("target_type");
  filters.targetId = text("target_id");
  const from = text("from");
  const to = text("to");
  if (from !== undefined) filters.from = day("from", from);
  if (to !== undefined) filters.to = day("to", to);
  if (filters.from && filters.to && filters.from > filters.to) throw AppError.field("to", "to must not be before from.");
  const limitText = text("limit");
  const limit = limitText === undefined ? DEFAULT_AUDIT_PAGE : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_PAGE) throw AppError.field("limit", `limit must be a whole number from 1 to ${MAX_AUDIT_PAGE}.`);
  return { filters, cursor: text("cursor") ?? null, limit };
}

/** The filters as query parameters again, in a fixed order: for links, the CSV and the export's record. */
export function auditFilterParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== "") params.set(name, value);
  };
  set("actor_kind", filters.actorKind);
  set("actor_id", filters.actorId);
  set("action", filters.action ?? (filters.actionGroup ? `${filters.actionGroup}.*` : undefined));
  set("target_type", filters.targetType);
  set("target_id", filters.targetId);
  set("from", filters.from);
  set("to", filters.to);
  return params;
}

export function cursorOf(event: { occurredAt: Date; id: string }): string {
  return Buffer.from(`${event.occurredAt.toISOString()}|${event.id}`, "utf8").toString("base64url");
}

function positionOf(cursor: string): { at: Date; id: string } {
  const [at, id] = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, "base64url").toString("utf8").split("|") : [];
  const instant = at ? new Date(at) : null;
  if (!instant || Number.isNaN(instant.getTime()) || !id || cursorOf({ occurredAt: instant, id }) !== cursor) {
    throw AppError.field("cursor", "Pass the next_cursor of the previous page, unchanged.");
  }
  return { at: instant, id };
}

type Row = {
  id: string; occurred_at: Date; actor_kind: AuditActorKind; actor_id: string | null; action: string;
  target_type: string; target_id: string | null; ip_hash: string | null; changes: AuditEventView["changes"];
};

/** One page of the workspace's events matching `query`, newest first. */
export async function listAuditEvents(workspaceId: string, timeZone: string, query: AuditQuery): Promise<AuditPage> {
  const { filters } = query;
  const values: unknown[] = [workspaceId];
  const where = ["workspace_id = $1"];
  const add = (sql: (n: string) => string, value: unknown) => {
    values.push(value);
    where.push(sql(`$${values.length}`));
  };
  if (filters.actorKind) add((n) => `actor_kind = ${n}::"AuditActorKind"`, filters.actorKind);
  if (filters.actorId) add((n) => `actor_id = ${n}`, filters.actorId);
  if (filters.action) add((n) => `action = ${n}`, filters.action);
  // starts_with, not LIKE: group names hold underscores, which LIKE reads as wildcards.
  if (filters.actionGroup) add((n) => `starts_with(action, ${n})`, `${filters.actionGroup}.`);
  if (filters.targetType) add((n) => `target_type = ${n}`, filters.targetType);
  if (filters.targetId) add((n) => `target_id = ${n}`, filters.targetId);
  if (filters.from) add((n) => `occurred_at >= ${n}`, startOfLocalDay(filters.from, timeZone));
  if (filters.to) add((n) => `occurred_at < ${n}`, startOfLocalDay(addDays(filters.to, 1), timeZone));
  // Compared at the millisecond, as the cursor carries it, so equal times order by id alone.
  const at = "date_trunc('milliseconds', occurred_at)";
  if (query.cursor) {
    const position = positionOf(query.cursor);
    values.push(position.at, position.id);
    where.push(`(${at}, id) < ($${values.length - 1}, $${values.length})`);
  }
  values.push(query.limit + 1);
  const { rows } = await getPool().query<Row>(
    `SELECT id, occurred_at, actor_kind, actor_id, action, target_type, target_id, ip_hash, changes
       FROM audit_events WHERE ${where.join(" AND ")}
      ORDER BY ${at} DESC, id DESC LIMIT $${values.length}`,
    values,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    events: page.map((row) => ({
      id: row.id,
      occurred_at: row.occurred_at.toISOString(),
      occurred_local: `${localDate(row.occurred_at, timeZone)} ${localTime(row.occurred_at, timeZone)}`,
      actor: { kind: row.actor_kind, id: row.actor_id },
      action: row.action,
      label: auditActionLabel(row.action),
      target: { type: row.target_type, id: row.target_id },
      ip_hash_prefix: row.ip_hash ? row.ip_hash.slice(0, 8) : null,
      changes: row.changes,
    })),
    next_cursor: rows.length > query.limit && last ? cursorOf({ occurredAt: last.occurred_at, id: last.id }) : null,
  };
}

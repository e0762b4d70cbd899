import { z } from "zod";
import type { Prisma } from "@/lib/db/generated/client";
import { db } from "@/lib/db/client";
import { createWithinLimit } from "@/lib/billing/limits";
import { AppError, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { ZTimeZone } from "@/lib/workspaces/schemas";
import { BASES, describeSchedule, nextRunAfter, ZScheduleSchema, type Basis, type TSchedule } from "./schedule";
import { DEFAULT_SECTIONS, ZSectionsSchema, type TSection } from "./sections";
import { ZTemplatesSchema, type TTemplates } from "./template";

// Digests as a resource, always loaded by (workspace_id, id). A workspace digest is seen by every
// member; a personal one (owner_user_id) only by its owner, to everyone else it does not exist.

const ZName = z.string({ error: "Give the digest a name." }).trim().min(1, "Give the digest a name.").max(100, "Use at most 100 characters.");
const ZDestinationIds = z.array(z.string().trim().min(1).max(64)).max(20, "At most 20 destinations.");

// Fields as given; create fills the absent ones with defaults, update leaves them as they are.
const fields = {
  name: ZName,
  schedule: ZScheduleSchema,
  basis: z.enum(BASES, { error: `basis must be one of ${BASES.join(", ")}.` }),
  /** The member's own IANA time zone; null: the workspace's. */
  time_zone: ZTimeZone.nullable(),
  sections: ZSectionsSchema,
  destination_ids: ZDestinationIds,
  template: ZTemplatesSchema,
  enabled: z.boolean(),
};

export const ZCreateDigestSchema = z.object({
  ...fields,
  basis: fields.basis.default("yesterday"),
  time_zone: fields.time_zone.default(null),
  /** A personal digest: only its creator sees and edits it. */
  personal: z.boolean().default(false),
  sections: fields.sections.default(DEFAULT_SECTIONS),
  destination_ids: fields.destination_ids.default([]),
  template: fields.template.default({ default: {}, destinations: {} }),
  enabled: fields.enabled.default(true),
});
export type TCreateDigest = z.input<typeof ZCreateDigestSchema>;

export const ZUpdateDigestSchema = z.object(fields).partial();

export type Caller = { userId: string | null };

export type Digest = {
  id: string;
  workspaceId: string;
  name: string;
  personal: boolean;
  ownerUserId: string | null;
  schedule: TSchedule;
  /** The schedule in words, with its zone. */
  scheduleText: string;
  timeZone: string;
  /** The member's own zone, or null when the digest follows the workspace's. */
  ownTimeZone: string | null;
  basis: Basis;
  sections: TSection[];
  destinationIds: string[];
  template: TTemplates;
  enabled: boolean;
  nextRunAt: Date;
  lastRunAt: Date | null;
  lastOutcome: unknown;
  createdAt: Date;
  updatedAt: Date;
};

type Row = Awaited<ReturnType<typeof db.digest.findFirstOrThrow>>;

function digestOf(row: Row, workspaceZone: string): Digest {
  const schedule = row.schedule as TSchedule;
  const timeZone = row.timeZone ?? workspaceZone;
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    personal: row.ownerUserId !== null,
    ownerUserId: row.ownerUserId,
    schedule,
    scheduleText: describeSchedule(schedule, timeZone),
    timeZone,
    ownTimeZone: row.timeZone,
    basis: row.basis as Basis,
    sections: row.sections as TSection[],
    destinationIds: row.destinationIds,
    template: row.template as TTemplates,
    enabled: row.enabled,
    nextRunAt: row.nextRunAt,
    lastRunAt: row.lastRunAt,
    lastOutcome: row.lastOutcome,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function workspaceZone(workspaceId: string): Promise<string> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } });
  if (!workspace) throw notFound("No such workspace.");
  return workspace.timeZone;
}

/** Destinations must be this workspace's, and per-destination templates must name one of them. */
export async function checkDestinations(workspaceId: string, ids: string[], templates: TTemplates): Promise<void> {
  const found = await db.notificationDestination.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true } });
  const known = new Set(found.map((d) => d.id));
  const missing = ids.find((id) => !known.has(id));
  if (missing !== undefined) throw AppError.field("destination_ids", `destination_ids: no destination "${missing}" in this workspace.`);
  const stray = Object.keys(templates.destinations).find((id) => !ids.includes(id));
  if (stray !== undefined) throw AppError.field(`template.destinations.${stray}`, `template.destinations: "${stray}" is not one of the digest's destinations.`);
}

const visibleTo = (caller: Caller) => ({ OR: [{ ownerUserId: null }, ...(caller.userId ? [{ ownerUserId: caller.userId }] : [])] });

export async function listDigests(workspaceId: string, caller: Caller): Promise<Digest[]> {
  const [zone, rows] = await Promise.all([
    workspaceZone(workspaceId),
    db.digest.findMany({ where: { workspaceId, ...visibleTo(caller) }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
  ]);
  return rows.map((row) => digestOf(row, zone));
}

export async function getDigest(workspaceId: string, id: string, caller: Caller): Promise<Digest> {
  const row = typeof id === "string" && id.length <= 64 ? await db.digest.findFirst({ where: { workspaceId, id, ...visibleTo(caller) } }) : null;
  if (!row) throw notFound("No such digest in this workspace.");
  return digestOf(row, await workspaceZone(workspaceId));
}

/** A digest as the scheduler reads it, whoever owns it; null when it was deleted meanwhile. */
export async function digestForRun(workspaceId: string, id: string): Promise<Digest | null> {
  const row = await db.digest.findUnique({ where: { workspaceId_id: { workspaceId, id } } });
  return row ? digestOf(row, await workspaceZone(workspaceId)) : null;
}

export async function createDigest(workspaceId: string, caller: Caller, input: unknown, now = new Date()): Promise<Digest> {
  const data = parseInput(ZCreateDigestSchema, input);
  if (data.personal && !caller.userId) throw AppError.field("personal", "personal: an API key has no member to own a personal digest.");
  await checkDestinations(workspaceId, data.destination_ids, data.template);
  const zone = data.time_zone ?? (await workspaceZone(workspaceId));
  const nextRunAt = nextRunAfter(data.schedule, zone, now);
  const row = await createWithinLimit(workspaceId, "digestsAndAlertRules", (tx) => tx.digest.create({
    data: {
      workspaceId,
      name: data.name,
      ownerUserId: data.personal ? caller.userId : null,
      schedule: data.schedule as Prisma.InputJsonValue,
      timeZone: data.time_zone,
      basis: data.basis,
      sections: data.sections as Prisma.InputJsonValue,
      destinationIds: data.destination_ids,
      template: data.template as Prisma.InputJsonValue,
      enabled: data.enabled,
      nextRunAt,
      attemptAfter: nextRunAt,
      createdById: caller.userId,
    },
  }), now);
  return digestOf(row, await workspaceZone(workspaceId));
}

export async function updateDigest(workspaceId: string, id: string, caller: Caller, input: unknown, now = new Date()): Promise<Digest> {
  const current = await getDigest(workspaceId, id, caller);
  const data = parseInput(ZUpdateDigestSchema, input);
  const destinationIds = data.destination_ids ?? current.destinationIds;
  const template = data.template ?? current.template;
  await checkDestinations(workspaceId, destinationIds, template);
  const schedule = data.schedule ?? current.schedule;
  const ownZone = data.time_zone === undefined ? current.ownTimeZone : data.time_zone;
  const zone = ownZone ?? (await workspaceZone(workspaceId));
  // A new schedule or zone starts counting from now; otherwise the pending run stays as it was.
  const rescheduled = data.schedule !== undefined || data.time_zone !== undefined || (data.enabled === true && !current.enabled);
  const nextRunAt = rescheduled ? nextRunAfter(schedule, zone, now) : undefined;
  const row = await db.digest.update({
    where: { workspaceId_id: { workspaceId, id } },
    data: {
      ...(data.name !== undefined ? { name: data.name } : {}),
      ...(data.basis !== undefined ? { basis: data.basis } : {}),
      ...(data.sections !== undefined ? { sections: data.sections as Prisma.InputJsonValue } : {}),
      ...(data.enabled !== undefined ? { enabled: data.enabled } : {}),
      schedule: schedule as Prisma.InputJsonValue,
      timeZone: ownZone,
      destinationIds,
      template: template as Prisma.InputJsonValue,
      ...(nextRunAt ? { nextRunAt, attemptAfter: nextRunAt } : {}),
    },
  });
  return digestOf(row, await workspaceZone(workspaceId));
}

export async function deleteDigest(workspaceId: string, id: string, caller: Caller): Promise<void> {
  await getDigest(workspaceId, id, caller);
  await db.digest.delete({ where: { workspaceId_id: { workspaceId, id } } });
}

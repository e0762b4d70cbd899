import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/changes";
import { db } from "@/lib/db/client";
import { openJson, sealJson } from "@/lib/crypto/secrets";
import { AppError, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import {
  configProblems,
  generateWebhookSecret,
  hintOf,
  ZCreateDestination,
  ZUpdateDestination,
  type ConfigHint,
  type DestinationConfig,
} from "./config";
import type { DestinationKind } from "./message";

// Destinations as a resource: create, list, edit, delete, always by (workspace_id, id). Their
// config is sealed; what callers see is the view below, with hints in place of secrets.

export type DestinationView = {
  id: string;
  kind: DestinationKind;
  name: string;
  enabled: boolean;
  disabledReason: string | null;
  hint: ConfigHint;
  failureStreak: number;
  createdAt: Date;
  updatedAt: Date;
};

/** A destination as the delivery job needs it: config opened. Never hand this to a client. */
export type OpenDestination = DestinationView & { workspaceId: string; config: DestinationConfig };

type Row = Awaited<ReturnType<typeof db.notificationDestination.findFirstOrThrow>>;

function viewOf(row: Row): DestinationView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    hint: row.configHint as ConfigHint,
    failureStreak: row.failureStreak,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function assertConfig(kind: DestinationKind, config: DestinationConfig): void {
  const problems = configProblems(kind, config);
  const fields = Object.keys(problems);
  if (fields.length) throw new AppError("bad_request", `Invalid input (${fields.map((f) => `${f}: ${problems[f]}`).join("; ")})`, { fields: problems });
}

/**
 * Creates a destination. A webhook destination created without a secret gets one, returned here
 * once (`secret`) so the receiver can verify signatures; it is never shown again.
 */
export async function createDestination(workspaceId: string, createdById: string | null, input: unknown): Promise<{ destination: DestinationView; secret?: string }> {
  const data = parseInput(ZCreateDestination, input);
  const config: DestinationConfig = {};
  if ("url" in data) config.url = data.url;
  if ("addresses" in data) config.addresses = data.addresses;
  if ("secret" in data && data.secret) config.secret = data.secret;
  const generated = data.kind === "webhook" && !config.secret ? generateWebhookSecret() : undefined;
  if (generated) config.secret = generated;
  assertConfig(data.kind, config);
  const row = await db.notificationDestination.create({
    data: {
      workspaceId,
      kind: data.kind,
      name: data.name,
      enabled: data.enabled ?? true,
      config: sealJson(config),
      configHint: hintOf(config),
      createdById,
    },
  });
  // The URL, addresses and secret are the destination's secrets: the trail says only that they were set.
  await recordAudit(null, {
    workspaceId,
    action: "notification_destination.created",
    target: { type: "notification_destination", id: row.id },
    changes: diffFields(null, { kind: data.kind, name: data.name, enabled: row.enabled, url: config.url, addresses: config.addresses, secret: config.secret }),
  });
  return { destination: viewOf(row), ...(generated ? { secret: generated } : {}) };
}

export async function listDestinations(workspaceId: string): Promise<DestinationView[]> {
  const rows = await db.notificationDestination.findMany({ where: { workspaceId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(viewOf);
}

async function rowOf(workspaceId: string, id: string): Promise<Row> {
  const row = typeof id === "string" && id.length <= 64 ? await db.notificationDestination.findUnique({ where: { workspaceId_id: { workspaceId, id } } }) : null;
  if (!row) throw notFound("No such destination in this workspace.");
  return row;
}

export async function getDestination(workspaceId: string, id: string): Promise<DestinationView> {
  return viewOf(await rowOf(workspaceId, id));
}

export async function openDestination(workspaceId: string, id: string): Promise<OpenDestination> {
  const row = await rowOf(workspaceId, id);
  return { ...viewOf(row), workspaceId, config: openJson<DestinationConfig>(row.config) };
}

export async function updateDestination(workspaceId: string, id: string, input: unknown): Promise<DestinationView> {
  const data = parseInput(ZUpdateDestination, input);
  const row = await rowOf(workspaceId, id);
  const config = { ...openJson<DestinationConfig>(row.config) };
  if (data.url !== undefined) config.url = data.url;
  if (data.addresses !== undefined) config.addresses = data.addresses;
  if (data.secret === null) delete config.secret;
  else if (data.secret !== undefined) config.secret = data.secret;
  if (row.kind === "webhook" && !config.secret) config.secret = generateWebhookSecret();
  assertConfig(row.kind, config);
  // Switching a destination back on starts a fresh incident: its streak and alert are forgotten.
  const reenabled = data.enabled === true && !row.enabled;
  const before = openJson<DestinationConfig>(row.config);
  const updated = await db.notificationDestination.update({
    where: { workspaceId_id: { workspaceId, id } },
    data: {
      ...(data.name !== undefined ? { name: data.name } : {}),
      ...(data.enabled !== undefined ? { enabled: data.enabled } : {}),
      ...(reenabled ? { disabledReason: null, failureStreak: 0, alertedAt: null } : {}),
      config: sealJson(config),
      configHint: hintOf(config),
    },
  });
  await recordAudit(null, {
    workspaceId,
    action: "notification_destination.updated",
    target: { type: "notification_destination", id },
    changes: diffFields(
      { name: row.name, enabled: row.enabled, url: before.url, addresses: before.addresses, secret: before.secret },
      { name: updated.name, enabled: updated.enabled, url: config.url, addresses: config.addresses, secret: config.secret },
    ),
  });
  return viewOf(updated);
}

/** Deletes the destination with its delivery log; queued deliveries to it are dropped too. */
export async function deleteDestination(workspaceId: string, id: string): Promise<void> {
  const row = await rowOf(workspaceId, id);
  await db.$transaction(async (tx) => {
    await tx.notificationDelivery.deleteMany({ where: { workspaceId, destinationId: id } });
    await tx.notificationDestination.delete({ where: { workspaceId_id: { workspaceId, id } } });
    await recordAudit(tx, { workspaceId, action: "notification_destination.deleted", target: { type: "notification_destination", id }, changes: diffFields({ kind: row.kind, name: row.name }, null) });
  });
}

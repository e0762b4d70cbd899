import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { customerKeyOf } from "@/lib/customers/customer-id";
import { keyedHash, openJson, sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { AppError, notFound } from "@/lib/errors";
import { eraseCustomerTracking } from "@/lib/identity/erase";
import { refreshDirtyRollupsQuietly } from "@/lib/metrics/rollups/refresh";
import { auditActorOf, type WorkspaceContext } from "@/lib/tenancy/guard";
import { parseInput } from "@/lib/validation";
import { buildCustomerExport, exportSummary } from "./customer-export";
import { redactStoreCustomer } from "./customer-redact";
import { EXPORT_DAYS } from "./data-request";

// A customer's GDPR request through the API, for admins: an export of everything held about the
// person, or their erasure. The same code as Shopify's privacy webhooks (customer-export.ts,
// customer-redact.ts), run for every connection that holds the person: each store customer and
// CRM contact sharing their email's keyed hash (or the one the customer id names), then any
// tracking data left under that hash. Answered at once and recorded in customer_data_requests;
// an export's answer is kept sealed for EXPORT_DAYS. A person the workspace does not know is a
// completed request that says nothing was found.

export const ZCustomerDataRequestSchema = z
  .object({
    type: z.enum(["export", "erase"]),
    email: z.string().trim().max(320).email("Give a valid email address.").optional(),
    customer_id: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.email === undefined) === (value.customer_id === undefined)) {
      ctx.addIssue({ code: "custom", path: [value.email === undefined ? "email" : "customer_id"], message: "Give either email or customer_id (one of them)." });
    }
  });

export const ZCustomerDataRequestAnswerSchema = z.object({
  id: z.string(),
  type: z.enum(["export", "erase"]),
  identified_by: z.enum(["email", "customer_id"]),
  status: z.literal("completed"),
  found: z.boolean(),
  summary: z.string(),
  requested_at: z.string(),
  completed_at: z.string().nullable(),
  expires_at: z.string(),
  result: z.object({ format: z.string(), identifiedBy: z.string(), records: z.array(z.record(z.string(), z.unknown())) }).optional().describe("An export's answer: one record per store customer or CRM contact that is the person."),
});

type THeld = { connection_id: string; customer_id: string; email_hash: string | null };

/** Every customers row (store customers and CRM contacts) that is the person. */
async function heldRows(workspaceId: string, emailHash: string | null, storeKey: { connectionId: string; customerId: string } | null): Promise<THeld[]> {
  const { rows } = await getPool().query<THeld>(
    `SELECT connection_id, external_id::text AS customer_id, email_hash FROM customers
     WHERE workspace_id = $1 AND ((email_hash IS NOT NULL AND email_hash = $2) OR (connection_id = $3 AND external_id = $4::bigint))`,
    [workspaceId, emailHash, storeKey?.connectionId ?? null, storeKey?.customerId ?? null],
  );
  // A store id naming a customer with an email reaches their other records by it.
  const hash = emailHash ?? rows.find((r) => r.email_hash)?.email_hash ?? null;
  if (hash && hash !== emailHash) return heldRows(workspaceId, hash, storeKey);
  return rows;
}

function subjectOf(input: z.infer<typeof ZCustomerDataRequestSchema>): { identifiedBy: string; subjectHash: string; emailHash: string | null; storeKey: { connectionId: string; customerId: string } | null } {
  if (input.email !== undefined) {
    const hash = keyedHash(input.email);
    return { identifiedBy: "email", subjectHash: hash, emailHash: hash, storeKey: null };
  }
  const key = customerKeyOf(input.customer_id!);
  if (!key) throw AppError.field("customer_id", "Not a customer id: use the id the customers API gives.");
  const subjectHash = keyedHash(`customer:${input.customer_id}`);
  if (key.startsWith("e:")) return { identifiedBy: "customer_id", subjectHash, emailHash: key.slice(2), storeKey: null };
  const [, connectionId, customerId] = key.split(":");
  return { identifiedBy: "customer_id", subjectHash, emailHash: null, storeKey: { connectionId: connectionId!, customerId: customerId! } };
}

export type CustomerDataRequestView = {
  id: string;
  type: "export" | "erase";
  identified_by: string;
  status: "completed";
  found: boolean;
  summary: string;
  requested_at: string;
  completed_at: string | null;
  expires_at: string;
  result?: unknown;
};

const FIELDS = new Set(["type", "email", "customer_id"]);

export async function makeCustomerDataRequest(context: WorkspaceContext, body: unknown, now = new Date()): Promise<CustomerDataRequestView> {
  const unknown = body !== null && typeof body === "object" && !Array.isArray(body) ? Object.keys(body).find((key) => !FIELDS.has(key)) : undefined;
  if (unknown !== undefined) throw AppError.field(unknown, `Unknown field "${unknown}": send type and either email or customer_id.`);
  const input = parseInput(ZCustomerDataRequestSchema, body);
  const workspaceId = context.workspace.id;
  const subject = subjectOf(input);
  const held = await heldRows(workspaceId, subject.emailHash, subject.storeKey);
  const email = input.email ?? null;
  let summary: string;
  let result: unknown = null;
  let found = held.length > 0;
  if (input.type === "export") {
    const records = [];
    for (const row of held) {
      const content = await buildCustomerExport({ workspaceId, connectionId: row.connection_id, customerId: BigInt(row.customer_id), orderIds: [] });
      records.push({ connectionId: row.connection_id, summary: exportSummary(content), ...content });
    }
    result = { format: "signalboard-customer-request/1", identifiedBy: subject.identifiedBy, records };
    summary = found ? `exported ${records.length} records: ${records.map((r) => r.summary).join("; ")}` : "nothing found: the workspace holds no customer with that email or id";
  } else {
    const done: string[] = [];
    for (const row of held) done.push(await redactStoreCustomer({ workspaceId, connectionId: row.connection_id }, BigInt(row.customer_id), [], email));
    // Tracking data under the email's hash with no customer record (a visitor who identified but never bought).
    const hash = subject.emailHash ?? held.find((r) => r.email_hash)?.email_hash ?? null;
    const leftover = hash ? await eraseCustomerTracking(workspaceId, `e:${hash}`) : null;
    if (leftover) {
      found = found || leftover.visitors + leftover.links + leftover.merges > 0;
      done.push(`tracking data deleted: ${leftover.visitors} visitors, ${leftover.events} events, ${leftover.sessions} sessions`);
    }
    await refreshDirtyRollupsQuietly(workspaceId);
    summary = found ? `erased from ${held.length} records: ${done.join("; ")}` : "nothing found: the workspace holds no customer with that email or id";
  }
  // The request and its audit entry commit together. The entry names the request, never the person.
  const created = await db.$transaction(async (tx) => {
    const row = await tx.customerDataRequest.create({
      data: {
        workspaceId,
        type: input.type,
        identifiedBy: subject.identifiedBy,
        subjectHash: subject.subjectHash,
        found,
        summary,
        result: input.type === "export" ? sealJson(result) : null,
        requestedByUser: context.actor.kind === "user" ? context.actor.userId : null,
        requestedByKey: context.actor.kind === "apiKey" ? context.actor.apiKeyId : null,
        requestedAt: now,
        completedAt: new Date(),
        expiresAt: new Date(now.getTime() + EXPORT_DAYS * 86_400_000),
      },
    });
    await recordAudit(tx, {
      workspaceId,
      action: input.type === "export" ? "customer_data.exported" : "customer_data.deleted",
      target: { type: "customer_data_request", id: row.id },
      actor: auditActorOf(context),
      changes: { identified_by: { before: null, after: subject.identifiedBy }, found: { before: null, after: found } },
      occurredAt: now,
    });
    return row;
  });
  return viewOf(created, input.type === "export" ? result : undefined);
}

function viewOf(row: { id: string; type: "export" | "erase"; identifiedBy: string; found: boolean; summary: string; requestedAt: Date; completedAt: Date | null; expiresAt: Date }, result?: unknown): CustomerDataRequestView {
  return {
    id: row.id,
    type: row.type,
    identified_by: row.identifiedBy,
    status: "completed",
    found: row.found,
    summary: row.summary,
    requested_at: row.requestedAt.toISOString(),
    completed_at: row.completedAt?.toISOString() ?? null,
    expires_at: row.expiresAt.toISOString(),
    ...(result === undefined ? {} : { result }),
  };
}

/** A request of this workspace with, for an export, its answer; expired ones are gone. */
export async function getCustomerDataRequest(workspaceId: string, id: string, now = new Date()): Promise<CustomerDataRequestView> {
  const row = await db.customerDataRequest.findUnique({ where: { workspaceId_id: { workspaceId, id } } });
  if (!row || row.expiresAt <= now) throw notFound("No such data request, or it has expired.");
  return viewOf(row, row.result ? openJson(row.result) : undefined);
}

/** Deletes requests (and their sealed answers) past EXPORT_DAYS; returns how many. */
export async function deleteExpiredCustomerDataRequests(now = new Date()): Promise<number> {
  return (await db.customerDataRequest.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}

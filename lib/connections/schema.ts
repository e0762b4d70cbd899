import { z } from "zod";
import { PROVIDER_KEYS } from "@/lib/connectors/registry";
import { ConnectionStatus, SyncKind, SyncStatus } from "@/lib/db/generated/enums";

// What the REST API says about connections and accepts to start a sync. Kept apart from the
// service so the OpenAPI document can describe them without loading the database client.

const ZInstant = z.string().describe("ISO 8601.");

export const ZCurrentRunSchema = z.object({
  id: z.string(),
  kind: z.enum(SyncKind),
  status: z.enum([SyncStatus.queued, SyncStatus.running]),
  rows_read: z.number().int(),
  rows_written: z.number().int(),
  rows_expected: z
    .number()
    .int()
    .nullable()
    .describe("The run's total rows, never below rows_read: known for ad runs (days), estimated for store backfills; null while unknown."),
  rows_expected_estimated: z
    .boolean()
    .describe("True when rows_expected is an estimate (a store backfill's export count, raised when rows read pass it); it becomes exact when the run ends."),
  percent: z.number().int().min(0).max(100).nullable().describe("rows_read of rows_expected, rounded down (below 100 while estimated); null while the total is unknown."),
  queued_at: ZInstant,
  started_at: ZInstant.nullable(),
});

export const ZConnectionViewSchema = z.object({
  id: z.string(),
  provider: z.enum(PROVIDER_KEYS),
  account: z.object({
    id: z.string().describe("The provider's account: a shop domain, an ad account id, a GA property id."),
    name: z.string(),
  }),
  status: z.enum(ConnectionStatus),
  needs_reauth: z.boolean().describe("True when syncing cannot resume until an admin reconnects (authorisation refused or lapsed)."),
  last_synced_at: ZInstant.nullable().describe("When the last sync succeeded; null before any did."),
  last_attempt_at: ZInstant.nullable().describe("When the last sync started, whatever its outcome."),
  next_sync_at: ZInstant.nullable().describe("When the next scheduled sync is due; null when the schedule is stopped."),
  last_error: z.string().nullable().describe("Why the last sync failed, in words; null once one succeeds."),
  time_zone: z.string().nullable().describe("The account's own IANA time zone, as the provider reports it."),
  currency: z.string().nullable().describe("The account's own currency code."),
  current_run: ZCurrentRunSchema.nullable().describe("The newest queued or running sync; null when none is."),
});
export type TConnectionView = z.infer<typeof ZConnectionViewSchema>;

export const ZConnectionListSchema = z.object({ connections: z.array(ZConnectionViewSchema) });

/** The kinds a caller may ask for; a dated backfill is run as a "manual" re-sync. */
export const REQUESTABLE_KINDS = ["incremental", "backfill"] as const;

const ZDay = z.iso.date("Use a date like 2026-01-31.");

export const ZSyncRequestSchema = z
  .object({
    kind: z
      .enum(REQUESTABLE_KINDS, { error: 'Use "incremental" or "backfill".' })
      .default("incremental")
      .describe("`incremental` pulls what changed since the last sync; `backfill` re-pulls the full history, or the days from `from` to `to`."),
    from: ZDay.optional().describe("Backfill only: the first day to re-pull, in the workspace's time zone. Without it: from the start of history."),
    to: ZDay.optional().describe("Backfill only: the last day to re-pull (inclusive), in the workspace's time zone. Without it: up to now."),
  })
  .superRefine((body, ctx) => {
    if (body.kind === "incremental") {
      for (const field of ["from", "to"] as const) {
        if (body[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], message: 'A date range applies to a backfill only; send "kind": "backfill".' });
      }
    }
    // Dates in YYYY-MM-DD compare correctly as strings.
    if (body.from && body.to && body.from > body.to) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "The end must be on or after the start (from)." });
    }
  });
export type TSyncRequest = z.infer<typeof ZSyncRequestSchema>;

export const ZSyncAcceptedSchema = z.object({
  run: z.object({
    id: z.string(),
    kind: z.enum([SyncKind.incremental, SyncKind.backfill, SyncKind.manual]).describe("A dated backfill runs as `manual`."),
    status: z.enum(SyncStatus),
    reused: z.boolean().describe("True when an unfinished run of the same kind was already there; that run carries on and no second one starts."),
  }),
});
export type TSyncAccepted = z.infer<typeof ZSyncAcceptedSchema>;

import { z } from "zod";
import { AUDIT_ACTION_NAMES } from "./actions";

// A page of the trail as the API gives it (query.ts's AuditPage), for the OpenAPI document.

const ZChangeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const ZAuditEventSchema = z.object({
  id: z.string(),
  occurred_at: z.string().describe("UTC, ISO 8601."),
  occurred_local: z.string().describe("The same instant in the workspace's time zone, YYYY-MM-DD HH:MM."),
  actor: z.object({ kind: z.enum(["user", "api_key", "operator", "system"]), id: z.string().nullable().describe("The user's or API key's id; null for the system.") }),
  action: z.enum(AUDIT_ACTION_NAMES as [string, ...string[]]),
  label: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable() }),
  ip_hash_prefix: z.string().nullable().describe("The first 8 characters of the client address's keyed hash; never the address."),
  changes: z
    .record(z.string(), z.object({ before: ZChangeValue, after: ZChangeValue }))
    .nullable()
    .describe('Before and after of the fields that changed; fields holding secrets or personal data show only "[redacted]".'),
});

export const ZAuditPageSchema = z.object({
  events: z.array(ZAuditEventSchema),
  next_cursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last."),
});

import { z } from "zod";

// The export's answer as the API gives it (service.ts's ExportView), for the OpenAPI document.

export const ZExportSchema = z.object({
  id: z.string(),
  status: z.enum(["queued", "running", "done", "failed"]),
  requested_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  expires_at: z.string().describe("When the file is deleted."),
  expired: z.boolean(),
  progress: z.object({
    tables_total: z.number().int(),
    tables_done: z.number().int(),
    rows: z.number().int(),
    current_table: z.string().nullable(),
    percent: z.number().int().min(0).max(100),
  }),
  bytes: z.number().int().nullable(),
  error: z.string().nullable(),
  download_url: z.string().nullable().describe("A signed link for the caller only, once the file is made; valid 24 hours."),
  download_expires_at: z.string().nullable(),
});

export const ZExportListSchema = z.object({ exports: z.array(ZExportSchema) });

import { NextResponse, type NextRequest } from "next/server";
import { readRawBody } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import type { WorkspaceContext } from "@/lib/tenancy/guard";
import type { ImportKind } from "./schema";
import { importStatus, runImport, type ImportPayload } from "./service";

// The HTTP face of imports, shared by the key-addressed routes (/api/v1/imports/...) and the
// session routes the upload page calls (/api/v1/workspaces/{slug}/imports/...).

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

function flag(request: NextRequest, name: string): boolean {
  const value = request.nextUrl.searchParams.get(name);
  if (value === null || value === "" || value === "false" || value === "0") return false;
  if (value === "true" || value === "1") return true;
  throw AppError.field(name, `${name} must be true or false.`);
}

function fileName(request: NextRequest): string | null {
  const value = request.nextUrl.searchParams.get("file_name")?.trim();
  if (!value) return null;
  if (value.length > 255) throw AppError.field("file_name", "file_name may be at most 255 characters.");
  return value;
}

/** text/csv or application/json; anything else is not an upload we can read. */
function formatOf(request: NextRequest): "csv" | "json" | null {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "text/csv" || type === "application/csv") return "csv";
  if (type === "application/json") return "json";
  return null;
}

function decode(bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw AppError.field("body", "The body is not UTF-8 text; save the file as CSV UTF-8.");
  }
}

export async function handleImport(kind: ImportKind, request: NextRequest, context: WorkspaceContext): Promise<Response> {
  const format = formatOf(request);
  if (!format) {
    // Also keeps cross-site form posts out: browsers cannot send these types without a preflight.
    return NextResponse.json(
      { error: { code: "unsupported_media_type", message: "Send the rows as CSV (Content-Type: text/csv) or JSON (Content-Type: application/json)." } },
      { status: 415 },
    );
  }
  const options = { dryRun: flag(request, "dry_run"), partial: flag(request, "partial"), fileName: fileName(request) };
  const text = decode(await readRawBody(request, MAX_IMPORT_BYTES));
  let payload: ImportPayload;
  if (format === "csv") payload = { format, text };
  else {
    if (!text.trim()) throw AppError.field("body", 'The body is empty; send { "rows": [...] }.');
    try {
      payload = { format, body: JSON.parse(text) };
    } catch {
      throw AppError.field("body", "The body is not valid JSON.");
    }
  }
  const result = await runImport(context.workspace.id, context.actor, kind, payload, options);
  return NextResponse.json(result, { status: importStatus(result, options.partial) });
}

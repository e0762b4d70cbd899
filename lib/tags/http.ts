import { NextResponse, type NextRequest } from "next/server";
import { readRawBody } from "@/lib/api/respond";
import { customerIdOf, customerKeyOf } from "@/lib/customers/customer-id";
import { AppError } from "@/lib/errors";
import { MAX_MEMBERS_PAGE, tagMembers } from "./members";
import { tagRow } from "./service";
import { uploadMembers } from "./upload";
import type { TMatchReport } from "./schema";

// The HTTP face of tag members: query parameters checked by name, and the CSV upload's body.

export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/** 422 when the upload or selection was refused (some people unknown, partial not asked) or nothing matched. */
export const reportStatus = (report: TMatchReport): 200 | 422 => (report.applied || report.rows_total === 0 ? 200 : 422);

function flag(request: NextRequest, name: string): boolean {
  const value = request.nextUrl.searchParams.get(name);
  if (value === null || value === "" || value === "false" || value === "0") return false;
  if (value === "true" || value === "1") return true;
  throw AppError.field(name, `${name} must be true or false.`);
}

export async function membersPage(request: NextRequest, workspaceId: string, tagId: string | undefined): Promise<Response> {
  const tag = await tagRow(workspaceId, tagId);
  const params = request.nextUrl.searchParams;
  const limitText = params.get("limit");
  const limit = limitText === null ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_MEMBERS_PAGE) throw AppError.field("limit", `limit is a whole number from 1 to ${MAX_MEMBERS_PAGE}.`);
  const cursorText = params.get("cursor");
  const cursor = cursorText === null || cursorText === "" ? null : customerKeyOf(cursorText);
  if (cursorText && cursor === null) throw AppError.field("cursor", "cursor is the next_cursor of a previous page.");
  const page = await tagMembers(workspaceId, tag.id, { cursor, limit });
  return NextResponse.json({
    members: page.members.map((m) => ({ customer_id: customerIdOf(m.personKey), since: m.since.toISOString(), source: m.source })),
    next_cursor: page.nextCursor === null ? null : customerIdOf(page.nextCursor),
  });
}

export async function membersUpload(request: NextRequest, workspaceId: string, tagId: string | undefined): Promise<Response> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "text/csv" && type !== "application/csv") {
    return NextResponse.json({ error: { code: "unsupported_media_type", message: "Send the people as CSV (Content-Type: text/csv) with an email or customer_id column." } }, { status: 415 });
  }
  const action = request.nextUrl.searchParams.get("action") ?? "add";
  if (action !== "add" && action !== "remove") throw AppError.field("action", "action is add or remove.");
  const partial = flag(request, "partial");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await readRawBody(request, MAX_UPLOAD_BYTES));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw AppError.field("body", "The body is not UTF-8 text; save the file as CSV UTF-8.");
  }
  if (text.includes("\u0000")) throw AppError.field("body", "Remove the NUL character (\\u0000) from the file.");
  const report = await uploadMembers(workspaceId, tagId, text, { action, partial });
  return NextResponse.json(report, { status: reportStatus(report) });
}

import { readRawBody } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";

// What the export routes accept: no query parameters but the ones named, and a request body that
// is empty or an empty JSON object (an export takes no options).

export function refuseUnknownParameters(request: Request, allowed: readonly string[] = []): void {
  for (const name of new URL(request.url).searchParams.keys()) {
    if (!allowed.includes(name)) throw AppError.field(name, `Unknown parameter "${name}".`);
  }
}

export async function refuseOptions(request: Request): Promise<void> {
  const text = (await readRawBody(request, 4_096)).toString("utf8").trim();
  if (!text) return;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON; send none, or {}.");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new AppError("bad_request", "Send no body, or an empty JSON object.");
  const [field] = Object.keys(body);
  if (field !== undefined) throw AppError.field(field, `Unknown field "${field}": an export takes no options.`);
}

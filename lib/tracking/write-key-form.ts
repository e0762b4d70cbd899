import { AppError } from "@/lib/errors";

// The settings form takes allowed origins as text, one per line (commas and spaces also
// separate them); the service validates a list. These translate between the two, so an error
// names the line the admin typed rather than a list index.

export function originLines(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The service's errors with every `allowed_origins.N` folded into one message on the field. */
export function originErrorsAsField(error: unknown, origins: readonly string[]): unknown {
  if (!(error instanceof AppError) || !error.fields) return error;
  const fields: Record<string, string> = {};
  for (const [field, message] of Object.entries(error.fields)) {
    const index = /^allowed_origins\.(\d+)$/.exec(field);
    if (index) fields.allowed_origins ??= `"${origins[Number(index[1])] ?? ""}": ${message}`;
    else fields[field] ??= message;
  }
  return new AppError(error.code, error.message, { fields });
}

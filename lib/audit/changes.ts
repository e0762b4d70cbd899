import { isPersonalKey, isSecretKey } from "@/lib/log/redact";

// Before and after of the fields an action changed. A field that holds a secret or personal data
// is named (so the trail says it changed) but its values are never kept.

export const REDACTED = "[redacted]";

type Scalar = string | number | boolean | null;
export type AuditChanges = Record<string, { before: Scalar; after: Scalar }>;

/** Fields the caller names as sensitive beside those whose names say so (token, secret, email...). */
export type DiffOptions = { sensitive?: readonly string[] };

function scalar(value: unknown): Scalar {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  // Decimals and other objects: their string form, arrays and records as JSON.
  if (typeof (value as { toFixed?: unknown }).toFixed === "function") return String(value);
  return JSON.stringify(value);
}

function isSensitive(field: string, options: DiffOptions): boolean {
  return options.sensitive?.includes(field) || isSecretKey(field) || isPersonalKey(field) || /url$/i.test(field);
}

/** The fields whose values differ between `before` and `after` (absent means null). */
export function diffFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null, options: DiffOptions = {}): AuditChanges {
  const changes: AuditChanges = {};
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const field of [...fields].sort()) {
    const from = scalar(before?.[field]);
    const to = scalar(after?.[field]);
    if (from === to) continue;
    changes[field] = isSensitive(field, options)
      ? { before: from === null ? null : REDACTED, after: to === null ? null : REDACTED }
      : { before: from, after: to };
  }
  return changes;
}

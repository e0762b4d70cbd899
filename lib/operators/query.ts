import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** A console page's query string parsed by `schema`, or an AppError with its first problem, naming the field. */
export function parseConsoleQuery<S extends z.ZodType>(schema: S, input: Record<string, unknown>, fallbackField: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw AppError.field(String(issue.path[0] ?? fallbackField), issue.message);
}

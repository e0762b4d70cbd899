import { unstable_rethrow } from "next/navigation";
import { AppError } from "./errors";

/** What a server action hands back to its form: a message, or an error with per-field messages. */
export type ActionState = {
  ok: boolean;
  message?: string;
  error?: string;
  fields?: Record<string, string>;
  /** Values to show once, such as a freshly created API key. */
  data?: Record<string, string>;
} | null;

/** Runs an action body: expected errors become form messages, redirects pass through, the rest is logged. */
export async function runAction(body: () => Promise<ActionState | void>): Promise<ActionState> {
  try {
    return (await body()) ?? { ok: true };
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof AppError) return { ok: false, error: error.message, fields: error.fields };
    console.error("[action] unexpected error", error);
    return { ok: false, error: "Something went wrong on our side. Please try again." };
  }
}

/** Only same-site paths are followed after sign-in, never another origin. */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  return value;
}

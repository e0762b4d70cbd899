import { z } from "zod";

const TIME_ZONES = new Set<string>([...Intl.supportedValuesOf("timeZone"), "UTC"]);
const CURRENCIES = new Set<string>(Intl.supportedValuesOf("currency"));

export const timeZones = (): string[] => [...TIME_ZONES].sort();
export const currencies = (): string[] => [...CURRENCIES].sort();

// Words that would shadow a route or read as official if used as a workspace address.
export const RESERVED_SLUGS = new Set([
  "new", "api", "app", "admin", "settings", "w", "www", "dev", "invite", "auth", "sign-in", "sign-up",
  "login", "logout", "signup", "help", "support", "billing", "docs", "status", "signalboard",
]);

export const ZWorkspaceName = z
  .string({ error: "Enter a workspace name." })
  .trim()
  .min(1, "Enter a workspace name.")
  .max(64, "Use at most 64 characters.");

export const ZSlug = z
  .string({ error: "Enter an address." })
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters.")
  .max(48, "Use at most 48 characters.")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lower-case letters, digits and dashes, starting and ending with a letter or digit.")
  .refine((slug) => !RESERVED_SLUGS.has(slug), "That address is reserved; choose another.");

// The runtime lists some zones under older names ("Asia/Calcutta") while browsers report the
// current ones ("Asia/Kolkata"), so aliases are accepted and stored under the listed name.
function listedTimeZone(tz: string): string | null {
  if (TIME_ZONES.has(tz)) return tz;
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
    return TIME_ZONES.has(resolved) ? resolved : null;
  } catch {
    return null;
  }
}

export const ZTimeZone = z
  .string({ error: "Choose a time zone." })
  .transform((tz, ctx) => {
    const listed = listedTimeZone(tz);
    if (listed) return listed;
    ctx.addIssue({ code: "custom", message: "Choose a valid IANA time zone, such as America/New_York." });
    return z.NEVER;
  });

export const ZCurrency = z
  .string({ error: "Choose a currency." })
  .trim()
  .toUpperCase()
  .refine((code) => CURRENCIES.has(code), "Choose a valid ISO 4217 currency code, such as USD.");

export const ZCreateWorkspaceSchema = z.object({
  name: ZWorkspaceName,
  timeZone: ZTimeZone.default("UTC"),
  currency: ZCurrency.default("USD"),
});
export type TCreateWorkspace = z.infer<typeof ZCreateWorkspaceSchema>;

export const ZUpdateWorkspaceSchema = z
  .object({ name: ZWorkspaceName, slug: ZSlug, timeZone: ZTimeZone, currency: ZCurrency })
  .partial()
  .strict();
export type TUpdateWorkspace = z.infer<typeof ZUpdateWorkspaceSchema>;

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  if (base.length < 3 || RESERVED_SLUGS.has(base)) return `${base || "workspace"}-ws`.replace(/^-/, "");
  return base;
}

import crypto from "node:crypto";
import { z } from "zod";
import { DESTINATION_KINDS, type DestinationKind } from "./message";
import { isSinkUrl } from "./sink";
import { webhookUrlProblem } from "./url-policy";

// What each kind of destination needs, as one flat form (url, secret, addresses) so a bad field
// is named the same way in the page and the API. Stored sealed as DestinationConfig; only hints
// ("hooks.slack.com/••••x9Qa") ever leave the server.

export type DestinationConfig = { url?: string; secret?: string; addresses?: string[] };
export type ConfigHint = { url?: string; secret?: string; addresses?: string[] };

/** Kinds that post to a URL; the others (email) use addresses. */
export const URL_KINDS = ["slack", "wecom", "dingtalk", "lark", "teams", "webhook"] as const satisfies readonly DestinationKind[];
/** Kinds whose URL may come with a signing secret. */
export const SECRET_KINDS = ["dingtalk", "lark", "webhook"] as const satisfies readonly DestinationKind[];

export const needsUrl = (kind: DestinationKind) => (URL_KINDS as readonly string[]).includes(kind);
export const takesSecret = (kind: DestinationKind) => (SECRET_KINDS as readonly string[]).includes(kind);

const WEBHOOK_SECRET_PREFIX = "whsec_";

export const ZWebhookUrl = z
  .string({ error: "Enter the webhook URL." })
  .trim()
  .min(1, "Enter the webhook URL.")
  .max(2000, "Use a URL of at most 2,000 characters.")
  .superRefine((value, context) => {
    const problem = isSinkUrl(value) ? null : webhookUrlProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

const ZSecret = z.string().trim().min(1, "Enter the secret, or leave the field out.").max(500, "Use a secret of at most 500 characters.");

const ZAddresses = z.preprocess(
  (value) => (typeof value === "string" ? value.split(/[\s,;]+/).filter(Boolean) : value),
  z
    .array(z.email({ error: "Enter valid email addresses, separated by commas." }).max(254).transform((email) => email.toLowerCase()), {
      error: "Enter at least one email address.",
    })
    .min(1, "Enter at least one email address.")
    .max(50, "Use at most 50 addresses."),
);

export const ZDestinationName = z.string({ error: "Give the destination a name." }).trim().min(1, "Give the destination a name.").max(100, "Use at most 100 characters.");

const base = { name: ZDestinationName, enabled: z.boolean().optional() };

export const ZCreateDestination = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("email"), ...base, addresses: ZAddresses }),
    z.object({ kind: z.literal("slack"), ...base, url: ZWebhookUrl }),
    z.object({ kind: z.literal("wecom"), ...base, url: ZWebhookUrl }),
    z.object({ kind: z.literal("teams"), ...base, url: ZWebhookUrl }),
    z.object({ kind: z.literal("dingtalk"), ...base, url: ZWebhookUrl, secret: ZSecret.optional() }),
    z.object({ kind: z.literal("lark"), ...base, url: ZWebhookUrl, secret: ZSecret.optional() }),
    z.object({ kind: z.literal("webhook"), ...base, url: ZWebhookUrl, secret: ZSecret.optional() }),
  ],
  { error: `Choose a kind: ${DESTINATION_KINDS.join(", ")}.` },
);
export type CreateDestinationInput = z.infer<typeof ZCreateDestination>;

/** An edit: fields left out keep their value; `secret: null` removes the secret. */
export const ZUpdateDestination = z.object({
  name: ZDestinationName.optional(),
  enabled: z.boolean().optional(),
  url: ZWebhookUrl.optional(),
  secret: ZSecret.nullable().optional(),
  addresses: ZAddresses.optional(),
});
export type UpdateDestinationInput = z.infer<typeof ZUpdateDestination>;

/** A Standard Webhooks secret: "whsec_" then base64 of 24 to 64 random bytes. */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${crypto.randomBytes(24).toString("base64")}`;
}

/** The signing key bytes of a Standard Webhooks secret, or null when it is not one. */
export function webhookSecretKey(secret: string): Buffer | null {
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) return null;
  const encoded = secret.slice(WEBHOOK_SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return null;
  const key = Buffer.from(encoded, "base64");
  return key.length >= 16 && key.length <= 64 ? key : null;
}

/** Checks that need the kind (a webhook secret's format); returns field -> message. */
export function configProblems(kind: DestinationKind, config: DestinationConfig): Record<string, string> {
  const problems: Record<string, string> = {};
  if (needsUrl(kind) && !config.url) problems.url = "Enter the webhook URL.";
  if (kind === "email" && !config.addresses?.length) problems.addresses = "Enter at least one email address.";
  if (kind === "webhook" && config.secret && !webhookSecretKey(config.secret)) {
    problems.secret = "Use a Standard Webhooks secret: whsec_ followed by base64 of 16 to 64 bytes, or leave it out to have one made.";
  }
  if (config.secret && !takesSecret(kind)) problems.secret = `A ${kind} destination takes no secret.`;
  return problems;
}

const tail = (value: string) => `••••${value.slice(-4)}`;

export function hintOf(config: DestinationConfig): ConfigHint {
  const hint: ConfigHint = {};
  if (config.url) {
    const url = new URL(config.url);
    hint.url = `${url.host}/${tail(url.pathname + url.search)}`;
  }
  if (config.secret) hint.secret = tail(config.secret);
  if (config.addresses) hint.addresses = config.addresses;
  return hint;
}

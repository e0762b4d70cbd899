import { z } from "zod";
import { DESTINATION_KINDS, MESSAGE_KINDS } from "./message";

// What the REST API answers about destinations and deliveries, for the OpenAPI document. Secrets
// never appear: `hint` shows their last characters only.

const iso = () => z.string().describe("ISO 8601.");

export const ZDestinationViewSchema = z.object({
  id: z.string(),
  kind: z.enum(DESTINATION_KINDS),
  name: z.string(),
  enabled: z.boolean(),
  disabledReason: z.string().nullable().describe("Why Signalboard switched it off (it answered 404 or 410), until an admin switches it back on."),
  hint: z
    .object({ url: z.string().optional(), secret: z.string().optional(), addresses: z.array(z.string()).optional() })
    .describe('The host and last characters of the URL and secret ("hooks.slack.com/••••x9Qa"), and the email addresses.'),
  failureStreak: z.number().int().describe("Failed deliveries since the last one that went through."),
  createdAt: iso(),
  updatedAt: iso(),
});

export const ZDeliveryViewSchema = z.object({
  id: z.string(),
  destinationId: z.string(),
  messageKind: z.enum(MESSAGE_KINDS),
  refId: z.string().nullable().describe("The digest or alert the message came from."),
  title: z.string(),
  status: z.enum(["queued", "sending", "delivered", "failed"]),
  attempts: z.number().int().describe("Attempts made, at most 3."),
  lastError: z.string().nullable(),
  lastStatus: z.number().int().nullable().describe("The HTTP status of the last answer."),
  nextAttemptAt: iso().nullable(),
  deliveredAt: iso().nullable(),
  replayOf: z.string().nullable().describe("The failed delivery this one replays."),
  createdAt: iso(),
  updatedAt: iso(),
});

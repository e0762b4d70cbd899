import { z } from "zod";

// The one message document digests, alerts and test sends hand to a destination. It says what to
// show, never how: each destination's formatter (./formats) turns it into its own body (HTML
// email, Slack blocks, WeCom/DingTalk/Lark markdown, a Teams card, JSON). Values arrive already
// formatted as text by the sender, so money and percentages keep the precision it chose.

const text = (max: number) => z.string().trim().min(1).max(max);

export const ZMessageRow = z.object({
  label: text(200),
  value: text(200),
  /** The change, as shown ("+12.4%", "−$310.00"). */
  change: z.string().trim().max(100).optional(),
  /** What the value was judged against ("baseline $4,120.00, median of 4 Mondays"). */
  baseline: z.string().trim().max(300).optional(),
  /** Whether the change is good news, for colouring where a destination can. */
  tone: z.enum(["good", "bad", "neutral"]).optional(),
});

export const ZMessageSection = z.discriminatedUnion("type", [
  z.object({ type: z.literal("rows"), heading: text(200).optional(), rows: z.array(ZMessageRow).min(1).max(100) }),
  z.object({ type: z.literal("text"), heading: text(200).optional(), text: text(20_000) }),
  z.object({
    type: z.literal("image"),
    heading: text(200).optional(),
    /** An https URL, or a data:image/png;base64 URL (email attaches it inline; chats show only https images). */
    url: z.string().max(2_000_000).regex(/^(https:\/\/|data:image\/png;base64,)/, "Use an https URL or a data:image/png;base64 URL."),
    alt: text(300),
    /** The width to show it at, in CSS pixels (a chart drawn at twice its size for sharp screens). */
    width: z.number().int().min(1).max(2000).optional(),
  }),
]);

export const ZMessageLink = z.object({ label: text(100), url: z.url({ protocol: /^https?$/ }).max(2000) });

export const ZNotificationMessage = z.object({
  title: text(300),
  summary: z.string().trim().max(2000).optional(),
  severity: z.enum(["info", "warning", "critical"]).optional(),
  sections: z.array(ZMessageSection).max(50).default([]),
  link: ZMessageLink.optional(),
  footer: z.string().trim().max(500).optional(),
});

export type MessageRow = z.infer<typeof ZMessageRow>;
export type MessageSection = z.infer<typeof ZMessageSection>;
export type NotificationMessage = z.input<typeof ZNotificationMessage>;
/** A message after validation: sections always present. */
export type ValidMessage = z.output<typeof ZNotificationMessage>;

export const MESSAGE_KINDS = ["test", "digest", "alert", "audience"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const DESTINATION_KINDS = ["email", "slack", "wecom", "dingtalk", "lark", "teams", "webhook"] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

export const DESTINATION_LABELS: Record<DestinationKind, string> = {
  email: "Email",
  slack: "Slack",
  wecom: "WeCom group bot",
  dingtalk: "DingTalk robot",
  lark: "Lark / Feishu bot",
  teams: "Microsoft Teams (Workflows)",
  webhook: "Webhook (Standard Webhooks)",
};

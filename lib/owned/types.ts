// The owned-channel vocabulary (prisma/schema/owned.prisma stores these as text): every module
// that writes or reads the owned_* tables takes its names from here, so a value outside these
// lists never reaches the database.

import { OWNED_CLICK_KEY } from "@/lib/tracking/event";

export const OWNED_CHANNELS = ["email", "sms", "push", "line", "messenger", "whatsapp", "web_popup"] as const;
export type TOwnedChannel = (typeof OWNED_CHANNELS)[number];

/** Who defined a campaign, template or send, and so in whose id space its external id is. */
export const OWNED_SOURCES = ["api", "csv", "klaviyo"] as const;
export type TOwnedSource = (typeof OWNED_SOURCES)[number];

/** A campaign is one broadcast; a flow is an automation sending as people qualify. */
export const OWNED_CAMPAIGN_KINDS = ["campaign", "flow"] as const;
export type TOwnedCampaignKind = (typeof OWNED_CAMPAIGN_KINDS)[number];

/**
 * prepared: tracked links were made for the send id, nothing was sent yet (never counted);
 * sent: sent, no delivery report; delivered / failed: the provider's answer.
 */
export const OWNED_SEND_STATUSES = ["prepared", "sent", "delivered", "failed"] as const;
export type TOwnedSendStatus = (typeof OWNED_SEND_STATUSES)[number];

export const OWNED_BLOCK_REASONS = ["quiet_hours", "frequency_cap", "no_consent", "bad_address", "other"] as const;
export type TOwnedBlockReason = (typeof OWNED_BLOCK_REASONS)[number];

/** Why a click or open was taken for a machine's (lib/owned/humans/machine.ts says when). */
export const OWNED_MACHINE_REASONS = ["within_seconds", "all_links", "proxy_range", "user_agent"] as const;
export type TOwnedMachineReason = (typeof OWNED_MACHINE_REASONS)[number];

/** What a user agent looks like to the machine check. */
export const OWNED_USER_AGENT_CLASSES = ["browser", "bot", "mail_proxy", "unknown"] as const;
export type TOwnedUserAgentClass = (typeof OWNED_USER_AGENT_CLASSES)[number];

export const OWNED_OPEN_SOURCES = ["pixel", "human_click"] as const;
export type TOwnedOpenSource = (typeof OWNED_OPEN_SOURCES)[number];

export const OWNED_SEND_EVENT_KINDS = ["unsubscribe", "spam_complaint"] as const;
export type TOwnedSendEventKind = (typeof OWNED_SEND_EVENT_KINDS)[number];

/** Where an unsubscribe or complaint was heard. */
export const OWNED_SEND_EVENT_SOURCES = ["link", "api", "klaviyo"] as const;
export type TOwnedSendEventSource = (typeof OWNED_SEND_EVENT_SOURCES)[number];

/** A channel's fee is per send, per SMS segment or per point (providers that bill in points). */
export const OWNED_FEE_BASES = ["send", "segment", "point"] as const;
export type TOwnedFeeBasis = (typeof OWNED_FEE_BASES)[number];

export const OWNED_LINK_PURPOSES = ["link", "unsubscribe"] as const;
export type TOwnedLinkPurpose = (typeof OWNED_LINK_PURPOSES)[number];

export const OWNED_CONVERSION_KINDS = ["open", "click", "session"] as const;
export type TOwnedConversionKind = (typeof OWNED_CONVERSION_KINDS)[number];

/** The query parameter the redirect appends with the click's id; the tracking snippet reads it. */
export const OWNED_CLICK_ID_PARAM = OWNED_CLICK_KEY;

/** Channels whose messages can carry the open pixel. */
export const PIXEL_CHANNELS: readonly TOwnedChannel[] = ["email"];

/** A send as the owned_sends row holds it (ids as the database gives them). */
export type TOwnedSendRow = {
  workspaceId: string;
  id: bigint;
  source: TOwnedSource;
  sendId: string;
  campaignId: string;
  templateId: string;
  channel: TOwnedChannel;
  recipientCustomerId: string | null;
  recipientEmailHash: string | null;
  recipientPhoneHash: string | null;
  sentAt: Date | null;
  sentDay: Date | null;
  status: TOwnedSendStatus;
  deliveredAt: Date | null;
  providerCode: string | null;
  isTest: boolean;
  segments: number | null;
  points: number | null;
};

/** What the machine check needs to know about one click or open (lib/owned/machine.ts). */
export type TOwnedInteraction = {
  kind: "click" | "open";
  at: Date;
  /** When the send was delivered (else sent); null when neither is known. */
  deliveredAt: Date | null;
  ipPrefix: string | null;
  userAgent: string | null;
};

export function isOwnedChannel(value: string): value is TOwnedChannel {
  return (OWNED_CHANNELS as readonly string[]).includes(value);
}

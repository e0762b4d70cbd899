// What a messaging platform (an email and SMS tool) hands the owned-channel sync: its campaigns
// and flows with their messages, per-recipient sends, what recipients did with them, and the
// platform's own totals where it keeps no per-recipient record. Plain data in Signalboard's terms;
// personal data arrives hashed, never readable.

export const OWNED_SYNC_CHANNELS = ["email", "sms", "push", "whatsapp"] as const;
export type OwnedSyncChannel = (typeof OWNED_SYNC_CHANNELS)[number];

export type ProgramKind = "campaign" | "flow";

/** A campaign (one send to an audience) or a flow (an automation sending as profiles qualify). */
export type ProgramFact = {
  kind: ProgramKind;
  externalId: string;
  name: string;
  channel: OwnedSyncChannel;
  /** The platform's own status word ("Sent", "live", ...), kept as it said it. */
  status: string;
  archived: boolean;
  /** A grouping the merchant gave it (Klaviyo's first tag), the report's folder. */
  folder: string | null;
  /** When a campaign went out; null for flows and unsent campaigns. */
  sentAt: Date | null;
};

/** One message of a program (a campaign's message, a flow's email or SMS step): the report's template. */
export type TemplateFact = {
  externalId: string;
  programKind: ProgramKind;
  programExternalId: string;
  channel: OwnedSyncChannel;
  name: string;
  /** An email's subject line; null for other channels. */
  subject: string | null;
};

/** Where a program's message went: the platform's profile id, with its email and phone hashed. */
export type Recipient = { key: string; emailHash: string | null; phoneHash: string | null };

/** One message to one recipient, delivered or not. */
export type SendFact = {
  /** The platform's event id of the send: re-reading it never makes a second send. */
  externalId: string;
  programKind: ProgramKind;
  programExternalId: string;
  templateExternalId: string;
  channel: OwnedSyncChannel;
  recipient: Recipient;
  sentAt: Date;
  delivered: boolean;
  /** Why it failed (a bounce type, a carrier code), when it did. */
  providerCode: string | null;
};

/** Why a platform did not send a message (the owned-channel vocabulary's block reasons, lib/owned/types.ts). */
export type BlockReason = "quiet_hours" | "frequency_cap" | "no_consent" | "bad_address" | "other";

/** A message the platform did not send to one recipient: counted as blocked, never as a send. */
export type BlockedSendFact = {
  /** The platform's event id: re-reading it never counts the block twice. */
  externalId: string;
  programKind: ProgramKind;
  programExternalId: string;
  templateExternalId: string;
  channel: OwnedSyncChannel;
  at: Date;
  reason: BlockReason;
};

export type EngagementKind = "open" | "click" | "unsubscribe" | "complaint";

/**
 * Something a recipient did with a message. It names the message and the recipient, not the send:
 * a flow can send the same message to the same person again, so the send is the latest one before it.
 */
export type EngagementFact = {
  kind: EngagementKind;
  externalId: string;
  programKind: ProgramKind;
  programExternalId: string;
  templateExternalId: string;
  channel: OwnedSyncChannel;
  recipient: Recipient;
  at: Date;
  /** The link clicked, for clicks. */
  url: string | null;
};

/** The platform's totals for one message over a period, where per-recipient events are not kept. */
export type MessageTotalsFact = {
  programKind: ProgramKind;
  programExternalId: string;
  templateExternalId: string;
  channel: OwnedSyncChannel;
  from: Date;
  to: Date;
  recipients: number;
  delivered: number;
  failed: number;
  uniqueOpens: number;
  uniqueClicks: number;
  unsubscribes: number;
  spamComplaints: number;
  conversions: number;
  /** In the account's currency, as a decimal string. */
  conversionValue: string;
};

export type OwnedCatalog = { programs: ProgramFact[]; templates: TemplateFact[] };

import { createHash } from "node:crypto";
import { localDate } from "@/lib/time/zone";
import { campaignOf, hasCampaign, NO_CAMPAIGN, sameCampaign, type Campaign, type ClickIdType } from "./campaign";
import { trackedChannel } from "./channel";
import { deviceType, type DeviceType } from "./device";
import { clientBotReason, tooFast, type BotReason } from "./bots";

// Cuts one visitor's events into sessions. A session ends after SESSION_GAP_MS without events,
// or when an event arrives with a campaign (UTM values or click id) other than the session's:
// a visitor who comes back through another ad within half an hour made a second visit. Events
// are ordered here (by time, then message id), so the order they arrived in does not matter,
// and the same events always give the same sessions with the same ids.

export const SESSION_GAP_MS = 30 * 60 * 1000;

export type SessionEvent = {
  messageId: string;
  event: string;
  at: Date;
  pageUrl: string | null;
  referrer: string | null;
  userAgent: string | null;
  /** ISO 3166 alpha-2, from the host's country header when the event was received. */
  country: string | null;
  /** Engaged time the event reports (the snippet's page-hide event), else 0. */
  engagedMs: number;
  /** navigator.webdriver as the page reported it. */
  webdriver: boolean;
  /** The campaign the sender captured (event context); when absent, read from pageUrl. */
  campaign?: Campaign;
};

export type TrackedSession = {
  id: string;
  anonymousId: string;
  startedAt: Date;
  endedAt: Date;
  /** The local day (workspace time zone) of the session's start: a visit over midnight stays on its first day. */
  day: string;
  landingPage: string | null;
  referrer: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  clickId: string | null;
  clickIdType: ClickIdType | null;
  channel: string;
  device: DeviceType;
  country: string | null;
  eventCount: number;
  pageViews: number;
  engagedMs: number;
  isBot: boolean;
  botReason: BotReason | null;
  /** The message ids of its events, in order (for writing the session id back to them). */
  messageIds: string[];
};

export const PAGE_VIEW = "page_view";

function byTime(a: SessionEvent, b: SessionEvent): number {
  return a.at.getTime() - b.at.getTime() || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0);
}

/** A session's id: the visitor and its first event, so recomputing the same events keeps it. */
export function sessionId(anonymousId: string, firstMessageId: string): string {
  return createHash("sha256").update(`${anonymousId}\n${firstMessageId}`).digest("base64url").slice(0, 24);
}

function summarise(anonymousId: string, events: SessionEvent[], campaign: Campaign, timeZone: string): TrackedSession {
  const first = events[0]!;
  const landing = events.find((e) => e.event === PAGE_VIEW && e.pageUrl) ?? events.find((e) => e.pageUrl) ?? first;
  const pageViewTimes = events.filter((e) => e.event === PAGE_VIEW).map((e) => e.at.getTime());
  const clientReason = events.map((e) => clientBotReason(e.userAgent, e.webdriver)).find((r) => r !== null) ?? null;
  const botReason = clientReason ?? (tooFast(pageViewTimes) ? "too_fast" : null);
  const referrer = landing.referrer ?? first.referrer;
  return {
    id: sessionId(anonymousId, first.messageId),
    anonymousId,
    startedAt: first.at,
    endedAt: events.at(-1)!.at,
    day: localDate(first.at, timeZone),
    landingPage: landing.pageUrl,
    referrer,
    utmSource: campaign.source,
    utmMedium: campaign.medium,
    utmCampaign: campaign.campaign,
    clickId: campaign.clickId,
    clickIdType: campaign.clickIdType,
    channel: trackedChannel(campaign, referrer, landing.pageUrl),
    device: deviceType(events.find((e) => e.userAgent)?.userAgent),
    country: events.find((e) => e.country)?.country ?? null,
    eventCount: events.length,
    pageViews: pageViewTimes.length,
    engagedMs: events.reduce((sum, e) => sum + Math.max(0, Math.round(e.engagedMs)), 0),
    isBot: botReason !== null,
    botReason,
    messageIds: events.map((e) => e.messageId),
  };
}

/** One visitor's events (any order) -> their sessions, oldest first. */
export function sessionise(anonymousId: string, events: readonly SessionEvent[], timeZone: string): TrackedSession[] {
  const sorted = [...events].sort(byTime);
  const sessions: TrackedSession[] = [];
  let current: SessionEvent[] = [];
  let campaign = NO_CAMPAIGN;
  for (const event of sorted) {
    const previous = current.at(-1);
    const eventCampaign = event.campaign ?? campaignOf(event.pageUrl);
    const gap = previous ? event.at.getTime() - previous.at.getTime() : 0;
    const newCampaign = hasCampaign(eventCampaign) && !sameCampaign(eventCampaign, campaign);
    if (previous && (gap >= SESSION_GAP_MS || newCampaign)) {
      sessions.push(summarise(anonymousId, current, campaign, timeZone));
      current = [];
    }
    if (current.length === 0) campaign = eventCampaign;
    current.push(event);
  }
  if (current.length > 0) sessions.push(summarise(anonymousId, current, campaign, timeZone));
  return sessions;
}

import { db } from "@/lib/db/client";
import { localDate } from "@/lib/time/zone";
import type { TOwnedCampaignKind, TOwnedChannel, TOwnedSendStatus } from "../types";

// Owned-channel rows for tests and the demo workspace: campaigns and flows with their messages,
// sends, opens, clicks and conversions, written as the sends API and the redirect would leave them.

export async function seedOwnedCampaign(workspaceId: string, input: { name: string; kind?: TOwnedCampaignKind; channel?: TOwnedChannel; folderId?: string | null; templates: string[] }) {
  const channel = input.channel ?? "email";
  const campaign = await db.ownedCampaign.create({
    data: { workspaceId, kind: input.kind ?? "campaign", channel, name: input.name, folderId: input.folderId ?? null, source: "api", externalId: `${input.name}-${crypto.randomUUID()}` },
  });
  const templates = [];
  for (const [i, name] of input.templates.entries()) {
    templates.push(await db.ownedTemplate.create({ data: { workspaceId, campaignId: campaign.id, channel, name, source: "api", externalId: `t${i}` } }));
  }
  return { campaign, templates };
}

export type TSeedSend = {
  campaignId: string;
  templateId: string;
  channel?: TOwnedChannel;
  sentAt: Date;
  status?: TOwnedSendStatus;
  isTest?: boolean;
  emailHash?: string | null;
  customerId?: string | null;
  segments?: number | null;
};

/** Sends in the workspace's zone (sent_day from sent_at); returns their ids in order. */
export async function seedOwnedSends(workspaceId: string, timeZone: string, sends: readonly TSeedSend[]): Promise<bigint[]> {
  const ids: bigint[] = [];
  for (const s of sends) {
    const row = await db.ownedSend.create({
      data: {
        workspaceId,
        source: "api",
        sendId: crypto.randomUUID(),
        campaignId: s.campaignId,
        templateId: s.templateId,
        channel: s.channel ?? "email",
        sentAt: s.sentAt,
        sentDay: new Date(`${localDate(s.sentAt, timeZone)}T00:00:00Z`),
        status: s.status ?? "delivered",
        deliveredAt: (s.status ?? "delivered") === "delivered" ? s.sentAt : null,
        isTest: s.isTest ?? false,
        recipientEmailHash: s.emailHash ?? null,
        recipientCustomerId: s.customerId ?? null,
        segments: s.segments ?? null,
      },
      select: { id: true },
    });
    ids.push(row.id);
  }
  return ids;
}

export async function seedOwnedClick(workspaceId: string, input: { sendId: bigint; at: Date; visitorId?: string | null; human?: boolean | null; machine?: boolean; linkId?: bigint | null; url?: string; ipPrefix?: string | null }) {
  return db.ownedClick.create({
    data: {
      workspaceId, sendId: input.sendId, at: input.at, clickId: crypto.randomUUID().replaceAll("-", ""), visitorId: input.visitorId ?? null,
      human: input.human ?? null, machine: input.machine ?? false, machineReason: input.machine ? "within_seconds" : null,
      linkId: input.linkId ?? null, url: input.url ?? "https://shop.example/", ipPrefix: input.ipPrefix ?? null,
    },
  });
}

export async function seedOwnedOpen(workspaceId: string, input: { sendId: bigint; at: Date; machine?: boolean }) {
  return db.ownedOpen.create({ data: { workspaceId, sendId: input.sendId, at: input.at, source: "pixel", machine: input.machine ?? false, machineReason: input.machine ? "within_seconds" : null } });
}

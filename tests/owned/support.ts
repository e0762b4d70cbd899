import { db } from "@/lib/db/client";
import { seedOwnedCampaign, seedOwnedClick, seedOwnedOpen, seedOwnedSends } from "@/lib/owned/demo/factories";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { apiKey } from "../dashboards/support";

// One workspace's owned-channel rows for the report's tests: two campaigns (a newsletter with two
// messages and a welcome flow), sends in and out of November 2026, a person's and a scanner's
// opens and clicks, conversions, an unsubscribe and blocked sends.

const t = (iso: string) => new Date(iso);

async function conversion(workspaceId: string, send: { id: bigint; campaignId: string; templateId: string }, input: { orderId: bigint; kind: string; anonymousId: string; revenueMinor: bigint; at: Date }) {
  await db.ownedConversion.create({
    data: {
      workspaceId, connectionId: "conn", orderId: input.orderId, kind: input.kind, sendId: send.id, campaignId: send.campaignId, templateId: send.templateId,
      channel: "email", anonymousId: input.anonymousId, orderAt: input.at, orderDay: t(input.at.toISOString().slice(0, 10)), revenueMinor: input.revenueMinor, currency: "USD",
    },
  });
}

export async function populated() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "America/New_York", currency: "USD" });
  const ws = workspace.id;
  const weekly = await seedOwnedCampaign(ws, { name: "Weekly newsletter", templates: ["Issue A", "Issue B"] });
  const welcome = await seedOwnedCampaign(ws, { name: "Welcome", kind: "flow", templates: ["Welcome 1"] });
  const [a, b] = weekly.templates.map((x) => x.id) as [string, string];
  const w = welcome.templates[0]!.id;
  const at = t("2026-11-10T15:00:00Z");
  const [s1, s2, , s4, s5, s6] = await seedOwnedSends(ws, "America/New_York", [
    { campaignId: weekly.campaign.id, templateId: a, sentAt: at },
    { campaignId: weekly.campaign.id, templateId: a, sentAt: at },
    { campaignId: weekly.campaign.id, templateId: b, sentAt: at, status: "failed" },
    { campaignId: weekly.campaign.id, templateId: b, sentAt: at, isTest: true },
    { campaignId: welcome.campaign.id, templateId: w, sentAt: at },
    // 00:30 on 1 December in New York: outside the range.
    { campaignId: weekly.campaign.id, templateId: a, sentAt: t("2026-12-01T05:30:00Z") },
  ]) as [bigint, bigint, bigint, bigint, bigint, bigint];
  // s1: read with images on, then a human click.
  await seedOwnedOpen(ws, { sendId: s1, at: t("2026-11-10T16:00:00Z") });
  await seedOwnedClick(ws, { sendId: s1, at: t("2026-11-10T16:01:00Z"), visitorId: "v1", human: true });
  // s2: a scanner opened it and followed its link on delivery, and the reader unsubscribed.
  await seedOwnedOpen(ws, { sendId: s2, at: t("2026-11-10T15:00:02Z"), machine: true });
  await seedOwnedClick(ws, { sendId: s2, at: t("2026-11-10T15:00:03Z"), machine: true, human: false });
  await db.ownedSendEvent.create({ data: { workspaceId: ws, sendId: s2, kind: "unsubscribe", at: t("2026-11-11T10:00:00Z"), source: "link" } });
  // s4 (a test send) was opened: never counted.
  await seedOwnedOpen(ws, { sendId: s4, at: t("2026-11-10T16:00:00Z") });
  // s5: images blocked, a human click only; s6 opened, but outside the range.
  await seedOwnedClick(ws, { sendId: s5, at: t("2026-11-10T18:00:00Z"), visitorId: "v2", human: true });
  await seedOwnedOpen(ws, { sendId: s6, at: t("2026-12-01T06:00:00Z") });
  await db.visitor.createMany({
    data: [
      { workspaceId: ws, anonymousId: "v1", firstSeenAt: at, lastSeenAt: at },
      { workspaceId: ws, anonymousId: "v2", firstSeenAt: at, lastSeenAt: at, personKey: "e:known", identifiedAt: at },
    ],
  });
  const orderAt = t("2026-11-10T20:00:00Z");
  await conversion(ws, { id: s1, campaignId: weekly.campaign.id, templateId: a }, { orderId: 1001n, kind: "click", anonymousId: "v1", revenueMinor: 5_000n, at: orderAt });
  await conversion(ws, { id: s1, campaignId: weekly.campaign.id, templateId: a }, { orderId: 1001n, kind: "open", anonymousId: "v1", revenueMinor: 5_000n, at: orderAt });
  await conversion(ws, { id: s5, campaignId: welcome.campaign.id, templateId: w }, { orderId: 1002n, kind: "session", anonymousId: "v2", revenueMinor: 2_550n, at: orderAt });
  await db.ownedBlockedSend.createMany({
    data: [
      { workspaceId: ws, source: "api", campaignId: weekly.campaign.id, templateId: a, reason: "quiet_hours", day: t("2026-11-10"), count: 3 },
      { workspaceId: ws, source: "api", campaignId: weekly.campaign.id, templateId: b, reason: "frequency_cap", day: t("2026-11-10"), count: 2 },
      { workspaceId: ws, source: "api", campaignId: weekly.campaign.id, templateId: b, reason: "frequency_cap", day: t("2026-12-02"), count: 9 },
    ],
  });
  return { owner, workspace, weekly, welcome, key: await apiKey(ws, owner.id, "viewer") };
}


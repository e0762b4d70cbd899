import { describe, expect, it } from "vitest";
import { customerIdOf } from "@/lib/customers/customer-id";
import { db } from "@/lib/db/client";
import { linkIdentities } from "@/lib/identity/link";
import { seedOwnedCampaign, seedOwnedClick, seedOwnedSends } from "@/lib/owned/demo/factories";
import { parseOwnedReportQuery } from "@/lib/owned/report/query";
import { ownedConverters, ownedReport } from "@/lib/owned/report/report";
import { unique } from "../helpers";
import { ANN, ev, identityStore } from "../identity/support";

// Member or anonymous is read when the report is, from the visitor's identity as the tracking
// side resolves it: a conversion is anonymous while its visitor has no known customer or only an
// anonymous (headless) one, and a member's once a later identify ties it to a known customer.

const SEARCH = "date_from=2026-11-01&date_to=2026-11-30";

async function converted(workspaceId: string, connectionId: string) {
  const { campaign, templates } = await seedOwnedCampaign(workspaceId, { name: "Weekly newsletter", templates: ["Issue"] });
  const sentAt = new Date("2026-11-10T15:00:00Z");
  const visitors = [unique("cid"), unique("cid")] as const;
  const sends = await seedOwnedSends(workspaceId, "UTC", visitors.map(() => ({ campaignId: campaign.id, templateId: templates[0]!.id, sentAt })));
  for (const [i, visitor] of visitors.entries()) {
    const at = new Date(sentAt.getTime() + 3_600_000);
    const click = await seedOwnedClick(workspaceId, { sendId: sends[i]!, at, visitorId: visitor, human: true });
    await db.ownedConversion.create({
      data: {
        workspaceId, connectionId, orderId: BigInt(7001 + i), kind: "click", sendId: sends[i]!, campaignId: campaign.id, templateId: templates[0]!.id, channel: "email",
        clickId: click.id, anonymousId: visitor, orderAt: new Date(at.getTime() + 600_000), orderDay: new Date("2026-11-10"), revenueMinor: 4_000n, currency: "USD",
      },
    });
  }
  // Both visitors are seen, neither tells who they are.
  await linkIdentities(workspaceId, visitors.map((v) => ev(v, "page_view")));
  return { campaignId: campaign.id, visitors };
}

async function split(workspaceId: string, campaignId: string) {
  const query = parseOwnedReportQuery(new URLSearchParams(SEARCH), "2026-11-30");
  const report = await ownedReport(workspaceId, query);
  const converters = await ownedConverters(workspaceId, { ...query, campaignId });
  return {
    click: { member: report.totals.conversions.click.member, anonymous: report.totals.conversions.click.anonymous },
    orders: Object.fromEntries(converters.converters.map((c) => [c.order_id, [c.status, c.customer_id]])),
  };
}

describe("member or anonymous at report time", () => {
  it("keeps a conversion anonymous when its visitor resolves only to a headless customer, and makes it a member's after a later identify", async () => {
    const { workspace, connection, ann, bob } = await identityStore();
    const { campaignId, visitors } = await converted(workspace.id, connection.id);
    expect(await split(workspace.id, campaignId)).toEqual({ click: { member: 0, anonymous: 2 }, orders: { "7001": ["anonymous", null], "7002": ["anonymous", null] } });

    // The first visitor turns out to be Bob: a store customer with no email and no phone.
    await linkIdentities(workspace.id, [ev(visitors[0], "identify", { properties: { customer_id: 502 } })]);
    expect((await db.visitor.findUnique({ where: { workspaceId_anonymousId: { workspaceId: workspace.id, anonymousId: visitors[0] } } }))?.personKey).toBe(bob);
    // The second identifies with Ann's email after the order.
    await linkIdentities(workspace.id, [ev(visitors[1], "identify", { properties: { email: ANN } })]);

    expect(await split(workspace.id, campaignId)).toEqual({
      click: { member: 1, anonymous: 1 },
      orders: { "7001": ["anonymous", null], "7002": ["member", customerIdOf(ann)] },
    });

    // Once the store knows a way to reach Bob, he is a known customer and so is his conversion.
    await db.customer.update({ where: { workspaceId_connectionId_externalId: { workspaceId: workspace.id, connectionId: connection.id, externalId: 502n } }, data: { phoneHash: "f".repeat(64) } });
    expect(await split(workspace.id, campaignId)).toEqual({
      click: { member: 2, anonymous: 0 },
      orders: { "7001": ["member", customerIdOf(bob)], "7002": ["member", customerIdOf(ann)] },
    });
  });
});

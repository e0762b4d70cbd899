import { describe, expect, it } from "vitest";
import campaignValues from "./fixtures/campaign_values_report.json";
import campaignsPage1 from "./fixtures/campaigns_email_page1.json";
import campaignsPage2 from "./fixtures/campaigns_email_page2.json";
import campaignsSms from "./fixtures/campaigns_sms.json";
import bounced from "./fixtures/events_bounced_email.json";
import dropped from "./fixtures/events_dropped_email.json";
import clicked from "./fixtures/events_clicked_email.json";
import opened from "./fixtures/events_opened_email.json";
import receivedPage1 from "./fixtures/events_received_email_page1.json";
import receivedPage2 from "./fixtures/events_received_email_page2.json";
import receivedSms from "./fixtures/events_received_sms.json";
import spam from "./fixtures/events_marked_spam.json";
import flowValues from "./fixtures/flow_values_report.json";
import flows from "./fixtures/flows.json";
import metrics from "./fixtures/metrics.json";
import type { CampaignsPage, EventsPage, FlowsPage, KlaviyoMetric, ValuesResult } from "./shapes";
import {
  campaignsToCatalog,
  conversionMetricId,
  eventsToFacts,
  flowsToCatalog,
  indexCatalog,
  mergeCatalogs,
  trackedMetrics,
  valuesToTotals,
} from "./transform";

// Klaviyo's documented answers (revision 2026-07-15) to the facts the owned-channel tables take.

const hash = (value: string) => `h(${value.toLowerCase()})`;
const catalog = () =>
  mergeCatalogs(
    campaignsToCatalog(campaignsPage1 as CampaignsPage),
    campaignsToCatalog(campaignsPage2 as CampaignsPage),
    campaignsToCatalog(campaignsSms as CampaignsPage),
    flowsToCatalog(flows as FlowsPage),
  );

describe("Klaviyo campaigns and flows", () => {
  it("makes each campaign a program and each of its messages a template, across pages, with its first tag as folder", () => {
    const { programs, templates } = catalog();
    expect(programs.filter((p) => p.kind === "campaign")).toEqual([
      { kind: "campaign", externalId: "01JD0C1BF0000000000000000A", name: "Black Friday Early Access", channel: "email", status: "Sent", archived: false, folder: "Promotions", sentAt: new Date("2026-11-20T15:00:00Z") },
      { kind: "campaign", externalId: "01JD0C2NL0000000000000000B", name: "Weekly Newsletter #47", channel: "email", status: "Sent", archived: false, folder: null, sentAt: new Date("2026-11-21T13:00:00Z") },
      { kind: "campaign", externalId: "01JD0C3SM0000000000000000C", name: "Flash Sale SMS", channel: "sms", status: "Sent", archived: false, folder: null, sentAt: new Date("2026-11-21T22:00:00Z") },
    ]);
    expect(templates.find((t) => t.externalId === "01JD0M1BF0000000000000000A")).toEqual({
      externalId: "01JD0M1BF0000000000000000A", programKind: "campaign", programExternalId: "01JD0C1BF0000000000000000A", channel: "email",
      name: "Black Friday Early Access", subject: "Early access: 30% off everything",
    });
    // An SMS has no subject; its template is named after its campaign.
    expect(templates.find((t) => t.externalId === "01JD0M3SM0000000000000000C")).toMatchObject({ channel: "sms", subject: null, name: "Flash Sale SMS" });
  });

  it("takes a flow's send actions as its templates, skips delays, and leaves out a flow that sends nothing measurable", () => {
    const { programs, templates } = flowsToCatalog(flows as FlowsPage);
    expect(programs.map((p) => [p.externalId, p.name, p.channel, p.folder])).toEqual([
      ["VwLc2K", "Welcome Series", "email", "Lifecycle"],
      ["Rb7nQs", "Abandoned Cart", "email", null],
    ]);
    expect(templates.map((t) => [t.programExternalId, t.externalId, t.channel, t.name, t.subject])).toEqual([
      ["VwLc2K", "FmW1e1", "email", "Welcome 1", "Welcome to Northwind"],
      ["VwLc2K", "FmW1e2", "email", "Welcome 2", "How we roast"],
      ["Rb7nQs", "FmAc01", "email", "Cart reminder", "You left something behind"],
      ["Rb7nQs", "FmAc02", "sms", "Cart SMS", null],
    ]);
  });
});

describe("Klaviyo metrics", () => {
  it("reads only Klaviyo's own engagement metrics, sends first, and counts conversions by the store's Placed Order", () => {
    const tracked = trackedMetrics(metrics.data as KlaviyoMetric[]);
    expect(tracked.map((m) => m.name)).toEqual([
      "Bounced Email", "Dropped Email", "Received Email", "Received SMS",
      "Clicked Email", "Clicked SMS", "Marked Email as Spam", "Opened Email", "Unsubscribed",
    ]);
    // A custom "Clicked Email" sent through the API is not Klaviyo's.
    expect(tracked.map((m) => m.id)).not.toContain("CstClk");
    expect(conversionMetricId(metrics.data as KlaviyoMetric[])).toBe("PlcOrd");
    expect(conversionMetricId([])).toBeNull();
  });
});

describe("Klaviyo events", () => {
  const index = () => indexCatalog(catalog());

  it("makes Received Email a delivered send keyed by its event id, recipients hashed, across the pages of the metric", () => {
    const first = eventsToFacts(receivedPage1 as EventsPage, "Received Email", index(), hash);
    const second = eventsToFacts(receivedPage2 as EventsPage, "Received Email", index(), hash);
    expect(first.sends).toEqual([
      {
        externalId: "4vRpBT2fGZ1", programKind: "campaign", programExternalId: "01JD0C1BF0000000000000000A", templateExternalId: "01JD0M1BF0000000000000000A",
        channel: "email", recipient: { key: "01GDDKASAP8TKDDA2GRZDSVP41", emailHash: "h(ana.silva@example.com)", phoneHash: null },
        sentAt: new Date("2026-11-20T15:01:12Z"), delivered: true, providerCode: null,
      },
      // An older event names the campaign rather than its message: the campaign's message is meant.
      expect.objectContaining({ externalId: "4vRpBT2fGZ2", templateExternalId: "01JD0M2NL0000000000000000B", recipient: { key: "01GDDKASAP8TKDDA2GRZDSVP42", emailHash: "h(ben.okafor@example.com)", phoneHash: "h(+14155550132)" } }),
    ]);
    expect(second.sends).toEqual([expect.objectContaining({ externalId: "4vRpBT2fGZ3", programKind: "flow", programExternalId: "VwLc2K", templateExternalId: "FmW1e1" })]);
    // The deleted campaign's send is counted, not stored.
    expect(second.skipped).toEqual({ unknownMessage: 1, noProfile: 0, badEvent: 0 });
    const everything = JSON.stringify([first, second]);
    expect(everything).not.toContain("ana.silva@example.com\"");
    expect(everything).not.toMatch(/"[^"(]*@example\.com"/);
  });

  it("makes Bounced Email a failed send with Klaviyo's bounce type", () => {
    const { sends } = eventsToFacts(bounced as EventsPage, "Bounced Email", index(), hash);
    expect(sends).toEqual([expect.objectContaining({ externalId: "5aB1cD2eF31", delivered: false, providerCode: "klaviyo:Hard Bounce" })]);
  });

  it("makes Dropped Email a blocked send for a bad address, never a send, keeping nothing about the recipient", () => {
    const facts = eventsToFacts(dropped as EventsPage, "Dropped Email", index(), hash);
    expect(facts.sends).toEqual([]);
    expect(facts.engagements).toEqual([]);
    expect(facts.blocked).toEqual([
      { externalId: "6dR1pD2eE71", programKind: "campaign", programExternalId: "01JD0C1BF0000000000000000A", templateExternalId: "01JD0M1BF0000000000000000A", channel: "email", at: new Date("2026-11-20T15:00:40Z"), reason: "bad_address" },
      expect.objectContaining({ externalId: "6dR1pD2eE72", templateExternalId: "01JD0M1BF0000000000000000A", reason: "bad_address" }),
      expect.objectContaining({ externalId: "6dR1pD2eE73", programKind: "flow", programExternalId: "VwLc2K", templateExternalId: "FmW1e1", reason: "bad_address" }),
    ]);
    expect(JSON.stringify(facts)).not.toMatch(/example\.com|01GDDKASAP8TKDDA2GRZDSVP4[789]/);
  });

  it("makes opens, clicks (with the link) and spam complaints engagements on the message and recipient", () => {
    const opens = eventsToFacts(opened as EventsPage, "Opened Email", index(), hash).engagements;
    expect(opens.map((e) => [e.kind, e.templateExternalId, e.recipient.key, e.at.toISOString()])).toEqual([
      ["open", "01JD0M1BF0000000000000000A", "01GDDKASAP8TKDDA2GRZDSVP41", "2026-11-20T15:20:05.000Z"],
      ["open", "FmW1e1", "01GDDKASAP8TKDDA2GRZDSVP43", "2026-11-21T17:02:00.000Z"],
    ]);
    const clicks = eventsToFacts(clicked as EventsPage, "Clicked Email", index(), hash).engagements;
    expect(clicks).toEqual([expect.objectContaining({ kind: "click", externalId: "7cL1cK2eD61", url: "https://northwind.example/black-friday?utm_source=klaviyo&utm_medium=email" })]);
    const complaints = eventsToFacts(spam as EventsPage, "Marked Email as Spam", index(), hash).engagements;
    expect(complaints).toEqual([expect.objectContaining({ kind: "complaint", templateExternalId: "01JD0M2NL0000000000000000B", url: null })]);
  });

  it("makes Received SMS a delivered SMS send to a recipient known by phone only", () => {
    const { sends } = eventsToFacts(receivedSms as EventsPage, "Received SMS", index(), hash);
    expect(sends).toEqual([expect.objectContaining({ channel: "sms", recipient: { key: "01GDDKASAP8TKDDA2GRZDSVP46", emailHash: null, phoneHash: "h(+14155550146)" } })]);
  });

  it("counts an event without a profile or a date instead of storing it", () => {
    const page = structuredClone(opened) as EventsPage;
    delete page.data[0]!.relationships!.profile;
    page.data[1]!.attributes.datetime = "not a date";
    const facts = eventsToFacts(page, "Opened Email", index(), hash);
    expect(facts.engagements).toEqual([]);
    expect(facts.skipped).toEqual({ unknownMessage: 0, noProfile: 1, badEvent: 1 });
  });
});

describe("Klaviyo values reports", () => {
  it("turns campaign and flow values into totals per message, money as a decimal string", () => {
    const range = { from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") };
    const campaigns = valuesToTotals(campaignValues.data.attributes.results as ValuesResult[], "campaign", range, indexCatalog(catalog()));
    expect(campaigns).toEqual([
      {
        programKind: "campaign", programExternalId: "01JD0C1BF0000000000000000A", templateExternalId: "01JD0M1BF0000000000000000A", channel: "email", ...range,
        recipients: 12480, delivered: 12311, failed: 169, uniqueOpens: 5210, uniqueClicks: 842, unsubscribes: 31, spamComplaints: 4, conversions: 127, conversionValue: "6843.57",
      },
      expect.objectContaining({ channel: "sms", templateExternalId: "01JD0M3SM0000000000000000C", conversionValue: "1990.00", uniqueOpens: 0 }),
    ]);
    const flowTotals = valuesToTotals(flowValues.data.attributes.results as ValuesResult[], "flow", range, indexCatalog(catalog()));
    expect(flowTotals).toEqual([expect.objectContaining({ programKind: "flow", programExternalId: "VwLc2K", templateExternalId: "FmW1e1", uniqueOpens: 611, conversionValue: "1820.40" })]);
  });
});

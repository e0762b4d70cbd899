import { describe, expect, it } from "vitest";
import type { B24Category, B24Contact, B24Deal, B24List, B24StageHistory, B24Status } from "@/lib/connectors/bitrix24/shapes";
import { channelOf, toContact, toDeal, toStages } from "@/lib/connectors/bitrix24/transform";
import { parseWebhookUrl } from "@/lib/connectors/bitrix24/webhook-url";
import { checkDeal, stageOutcomes } from "@/lib/crm/validate";
import categories from "../fixtures/bitrix24/category_list.json";
import general from "../fixtures/bitrix24/status_list_deal_stage.json";
import wholesale from "../fixtures/bitrix24/status_list_deal_stage_3.json";
import page1 from "../fixtures/bitrix24/deal_list_page1.json";
import page2 from "../fixtures/bitrix24/deal_list_page2.json";
import history from "../fixtures/bitrix24/stagehistory_list.json";
import contacts from "../fixtures/bitrix24/contact_list.json";
import { expectAppErrorSync } from "../helpers";

// Bitrix24's documented answers as CRM facts, and the deals the engine's checks refuse.

const stages = toStages(categories.result.categories as B24Category[], new Map([
  [0, (general as B24List<B24Status>).result],
  [3, (wholesale as B24List<B24Status>).result],
]));
const moves = (history as B24StageHistory).result.items;
const deals = [...(page1 as B24List<B24Deal>).result, ...(page2 as B24List<B24Deal>).result].map((deal) => toDeal(deal, moves));
const byId = (id: string) => deals.find((deal) => deal.externalId === id)!;

describe("Bitrix24's answers as facts", () => {
  it("reads each funnel's stages in order, S as won and F as lost", () => {
    expect(stages.map((s) => [s.pipelineId, s.stageId, s.position, s.outcome])).toEqual([
      ["3", "C3:NEW", 0, "open"], ["3", "C3:PREPARATION", 1, "open"], ["3", "C3:WON", 2, "won"], ["3", "C3:LOSE", 3, "lost"],
      ["0", "NEW", 0, "open"], ["0", "PREPARATION", 1, "open"], ["0", "EXECUTING", 2, "open"],
      ["0", "WON", 3, "won"], ["0", "LOSE", 4, "lost"], ["0", "APOLOGY", 5, "lost"],
    ]);
    expect(stages.find((s) => s.pipelineId === "3")!.pipelineLabel).toBe("Wholesale");
  });

  it("reads a won deal with its amount, currency, owner, UTM source, contact and close day", () => {
    expect(byId("101")).toMatchObject({
      name: "Fleet tracking: 40 units", amount: "15000.00", currency: "EUR", pipelineId: "0", stageId: "WON", ownerId: "1",
      source: "google", channel: "google", contactId: 201n,
      createdAt: new Date("2026-03-02T08:12:00.000Z"), closedAt: new Date("2026-03-09T23:00:00.000Z"), updatedAt: new Date("2026-03-10T15:40:00.000Z"),
    });
  });

  it("keeps the stage history in its funnel oldest first, back and forth included", () => {
    expect(byId("101").stageHistory.map((h) => h.stageId)).toEqual(["NEW", "PREPARATION", "EXECUTING", "PREPARATION", "EXECUTING", "WON"]);
    expect(byId("106").stageHistory.map((h) => [h.stageId, h.enteredAt.toISOString()])).toEqual([
      ["C3:NEW", "2026-03-08T12:20:00.000Z"], ["C3:LOSE", "2026-03-20T16:00:00.000Z"],
    ]);
    expect(byId("107").stageHistory).toEqual([]);
  });

  it("gives an open deal no close day, whatever its planned CLOSEDATE", () => {
    expect(byId("102")).toMatchObject({ closedAt: null, currency: "USD", amount: "2500.50", channel: "email", source: "EMAIL" });
  });

  it("maps sources: a UTM source first, then the default sources that name a channel, else crm", () => {
    expect(channelOf("Google", "WEB")).toBe("google");
    expect(channelOf(null, "EMAIL")).toBe("email");
    expect(channelOf(null, "PARTNER")).toBe("referral");
    expect(channelOf(null, "TRADE_SHOW")).toBe("crm");
    expect(channelOf(null, null)).toBe("crm");
    expect(byId("106").channel).toBe("referral");
    // "0" is Bitrix24's "no contact".
    expect(byId("104").contactId).toBeNull();
  });

  it("reads contacts' first email (lower-cased) and first phone", () => {
    const read = (contacts.result as B24Contact[]).map(toContact);
    expect(read.map((c) => [c!.externalId, c!.email, c!.phone])).toEqual([
      [201n, "einkauf@fleetwerk.example", "+49 30 901820"], [202n, "ops@nordlicht.example", null], [203n, null, "030 1234567"],
    ]);
  });

  it("refuses a deal without an amount, with an unknown currency, or in a stage its funnel lacks, naming the field", () => {
    const outcomes = stageOutcomes(stages);
    const errors = (id: string) => {
      const check = checkDeal(byId(id), outcomes, "EUR");
      return check.ok ? [] : check.errors.map((e) => [e.field, e.message]);
    };
    expect(errors("103")).toEqual([["amount", "The deal has no amount."]]);
    expect(errors("104")).toEqual([["currency", '"ZZZ" is not a currency code.']]);
    expect(errors("105")).toEqual([["stage", 'Stage "C3:NEGOTIATION" is not a stage of pipeline "3".']]);
    expect(checkDeal(byId("101"), outcomes, "EUR")).toMatchObject({ ok: true, deal: { amountMinor: 1500000n, status: "won" } });
  });
});

describe("a Bitrix24 webhook address", () => {
  it("is read as its portal and base, even pasted with a method and query", () => {
    expect(parseWebhookUrl(" https://Acme.bitrix24.de/rest/1/abcdef1234567890/ ")).toEqual({ portal: "acme.bitrix24.de", base: "https://acme.bitrix24.de/rest/1/abcdef1234567890/" });
    expect(parseWebhookUrl("https://acme.bitrix24.com.br/rest/12/abcdef1234567890/crm.deal.list.json?start=0").base).toBe("https://acme.bitrix24.com.br/rest/12/abcdef1234567890/");
  });

  it("refuses anything but an https Bitrix24 cloud webhook, on the webhookUrl field", () => {
    for (const bad of ["", "http://acme.bitrix24.de/rest/1/abcdef1234567890/", "https://evil.example/rest/1/abcdef1234567890/",
      "https://acme.bitrix24.de.evil.example/rest/1/abcdef1234567890/", "https://acme.bitrix24.de/rest/abc/", "https://acme.bitrix24.de:8443/rest/1/abcdef1234567890/"]) {
      expect(expectAppErrorSync(() => parseWebhookUrl(bad), "bad_request").fields?.webhookUrl, bad).toBeTruthy();
    }
  });
});

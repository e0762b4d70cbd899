import { describe, expect, it } from "vitest";
import { channelOfSource, toContact, toDeal, toStages } from "@/lib/connectors/hubspot/transform";
import type { HsContactsBatch, HsDealsPage, HsPipelines } from "@/lib/connectors/hubspot/shapes";
import { checkDeal, stageOutcomes, toMinorUnits } from "@/lib/crm/validate";
import { convertMinor } from "@/lib/crm/money";
import pipelines from "../fixtures/hubspot/pipelines.json";
import page1 from "../fixtures/hubspot/deals_page1.json";
import page2 from "../fixtures/hubspot/deals_page2.json";
import contacts from "../fixtures/hubspot/contacts_batch_read.json";

// HubSpot's documented answers as CRM facts, and the checks every CRM's deals go through.

const stages = toStages(pipelines as HsPipelines);
const outcomes = stageOutcomes(stages);

describe("HubSpot's answers as facts", () => {
  it("reads the pipeline's stages in order, closed ones as won at full probability and lost otherwise", () => {
    expect(stages.map((s) => [s.stageId, s.position, s.outcome])).toEqual([
      ["appointmentscheduled", 0, "open"], ["qualifiedtobuy", 1, "open"], ["contractsent", 2, "open"],
      ["closedwon", 3, "won"], ["closedlost", 4, "lost"],
    ]);
    expect(stages[0]!.pipelineLabel).toBe("Sales Pipeline");
  });

  it("reads a deal with its source, owner, contact and stage history oldest first, back and forth included", () => {
    const deal = toDeal((page1 as HsDealsPage).results[0]!);
    expect(deal).toMatchObject({
      externalId: "1001", name: "Acme annual licence", amount: "12000.00", currency: "USD", pipelineId: "default",
      stageId: "closedwon", ownerId: "77001", source: "PAID_SEARCH", channel: "google", contactId: 501n,
      closedAt: new Date("2026-03-10T15:00:00.000Z"), createdAt: new Date("2026-02-01T10:00:00.000Z"),
    });
    expect(deal.stageHistory.map((h) => h.stageId)).toEqual([
      "appointmentscheduled", "qualifiedtobuy", "appointmentscheduled", "qualifiedtobuy", "contractsent", "closedwon",
    ]);
  });

  it("maps original sources to channels: fixed ones by kind, paid and social ones by the network named", () => {
    expect(channelOfSource("PAID_SEARCH", "Google")).toBe("google");
    expect(channelOfSource("PAID_SOCIAL", "facebook")).toBe("facebook");
    expect(channelOfSource("ORGANIC_SEARCH", "google")).toBe("organic");
    expect(channelOfSource("OFFLINE", "CRM_UI")).toBe("crm");
    expect(channelOfSource("OTHER_CAMPAIGNS", null)).toBe("crm");
    expect(channelOfSource(null, null)).toBe("crm");
  });

  it("reads contacts with a lower-cased email and the phone as written", () => {
    const read = (contacts as HsContactsBatch).results.map(toContact);
    expect(read[0]).toMatchObject({ externalId: 501n, email: "buyer@acme.example", phone: "+1 (555) 010-0000" });
    expect(read[1]).toMatchObject({ externalId: 502n, email: "ops@globex.example", phone: null });
    expect(toContact({ id: "not-a-number", properties: {}, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z" })).toBeNull();
  });
});

describe("checking a deal", () => {
  const [noAmount, badCurrency, badStage, lost] = (page2 as HsDealsPage).results.map(toDeal);

  it("takes a deal with an amount, a currency and a known stage, in minor units", () => {
    const checked = checkDeal(toDeal((page1 as HsDealsPage).results[1]!), outcomes, "USD");
    expect(checked).toMatchObject({ ok: true, deal: { amountMinor: 250050n, currency: "EUR", status: "open" } });
    expect(checkDeal(lost!, outcomes, "USD")).toMatchObject({ ok: true, deal: { amountMinor: 80000n, status: "lost" } });
  });

  it("refuses a deal with no amount, an unknown currency or a stage its pipeline does not have, naming the field", () => {
    expect(checkDeal(noAmount!, outcomes, "USD")).toEqual({ ok: false, errors: [{ field: "amount", message: "The deal has no amount." }] });
    expect(checkDeal(badCurrency!, outcomes, "USD")).toEqual({ ok: false, errors: [{ field: "currency", message: '"XYZ" is not a currency code.' }] });
    expect(checkDeal(badStage!, outcomes, "USD")).toEqual({ ok: false, errors: [{ field: "stage", message: 'Stage "1234567" is not a stage of pipeline "default".' }] });
  });

  it("takes the account's currency when the deal names none, and refuses the deal when there is none either", () => {
    const bare = { ...noAmount!, amount: "10", currency: null };
    expect(checkDeal(bare, outcomes, "CAD")).toMatchObject({ ok: true, deal: { currency: "CAD", amountMinor: 1000n } });
    expect(checkDeal(bare, outcomes, null)).toMatchObject({ ok: false, errors: [{ field: "currency" }] });
  });

  it("refuses negative and malformed amounts", () => {
    expect(checkDeal({ ...lost!, amount: "-5" }, outcomes, "USD")).toMatchObject({ ok: false, errors: [{ field: "amount", message: "The amount is negative." }] });
    expect(checkDeal({ ...lost!, amount: "12,50" }, outcomes, "USD")).toMatchObject({ ok: false, errors: [{ field: "amount" }] });
    expect(checkDeal({ ...lost!, amount: "1e30" }, outcomes, "USD")).toMatchObject({ ok: false, errors: [{ field: "amount" }] });
  });

  it("counts minor units by the currency's own places", () => {
    expect(toMinorUnits("1500", 0)).toBe(1500n);
    expect(toMinorUnits("19.995", 2)).toBe(2000n);
    expect(toMinorUnits("1.2345", 3)).toBe(1235n);
    expect(toMinorUnits("abc", 2)).toBeNull();
  });

  it("converts minor units across currencies of different places at a rate", () => {
    expect(convertMinor(250050n, "EUR", "USD", "1.0845")).toBe(271179n);
    expect(convertMinor(100000n, "USD", "JPY", "151.237")).toBe(151237n);
  });
});

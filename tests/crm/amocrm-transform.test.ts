import { describe, expect, it } from "vitest";
import type { AmoContact, AmoEvent, AmoLead, AmoPipelines } from "@/lib/connectors/amocrm/shapes";
import { toContact, toDeal, toStages } from "@/lib/connectors/amocrm/transform";
import { accountDomain } from "@/lib/connectors/amocrm/config";
import { checkDeal, stageOutcomes } from "@/lib/crm/validate";
import pipelines from "../fixtures/amocrm/pipelines.json";
import page1 from "../fixtures/amocrm/leads_page1.json";
import page2 from "../fixtures/amocrm/leads_page2.json";
import contacts from "../fixtures/amocrm/contacts.json";
import events from "../fixtures/amocrm/events_lead_status_changed.json";
import { expectAppErrorSync } from "../helpers";

// AmoCRM's documented answers as CRM facts, and the leads the engine's checks refuse.

const stages = toStages(pipelines as AmoPipelines);
const moves = events._embedded.events as AmoEvent[];
const leads = [...page1._embedded.leads, ...page2._embedded.leads] as AmoLead[];
const byId = (id: number) => toDeal(leads.find((l) => l.id === id)!, moves);

describe("AmoCRM's answers as facts", () => {
  it("reads the live pipeline's statuses in order, 142 as won and 143 as lost, leaving archived pipelines out", () => {
    expect(stages.map((s) => [s.stageId, s.position, s.outcome])).toEqual([
      ["32392156", 0, "open"], ["32392159", 1, "open"], ["32392162", 2, "open"], ["32392165", 3, "open"], ["142", 4, "won"], ["143", 5, "lost"],
    ]);
    expect(new Set(stages.map((s) => s.pipelineId))).toEqual(new Set(["3177727"]));
    expect(stages[0]!.pipelineLabel).toBe("Sales");
  });

  it("reads a won lead with its budget, owner, UTM source, main contact and close time", () => {
    expect(byId(19619)).toMatchObject({
      externalId: "19619", name: "Office furniture, 12 desks", amount: "120000", currency: null, pipelineId: "3177727", stageId: "142",
      ownerId: "504141", source: "yandex", channel: "yandex", contactId: 7143599n,
      createdAt: new Date("2026-03-02T06:00:00.000Z"), closedAt: new Date("2026-03-11T14:30:00.000Z"),
    });
    expect(byId(19623)).toMatchObject({ stageId: "143", channel: "facebook", contactId: 7143600n });
    expect(byId(19620)).toMatchObject({ channel: "crm", source: null, closedAt: null });
  });

  it("builds the status history from lead_status_changed events, back and forth, oldest first", () => {
    expect(byId(19619).stageHistory.map((h) => h.stageId)).toEqual(["32392159", "32392162", "32392159", "32392162", "142"]);
    expect(byId(19620).stageHistory.map((h) => [h.stageId, h.enteredAt.toISOString()])).toEqual([["32392162", "2026-03-12T07:00:00.000Z"]]);
    expect(byId(19621).stageHistory).toEqual([]);
  });

  it("reads contacts' EMAIL (lower-cased) and PHONE fields", () => {
    expect((contacts._embedded.contacts as AmoContact[]).map(toContact).map((c) => [c!.externalId, c!.email, c!.phone])).toEqual([
      [7143599n, "i.sokolova@romashka.example", "8 (916) 123-45-67"], [7143600n, "p.orlov@orlov-trade.example", null],
    ]);
  });

  it("refuses a lead with no budget and one in a status its pipeline lacks, naming the field; an unknown account currency too", () => {
    const outcomes = stageOutcomes(stages);
    const errors = (id: number, currency = "RUB") => {
      const check = checkDeal(byId(id), outcomes, currency);
      return check.ok ? [] : check.errors.map((e) => [e.field, e.message]);
    };
    expect(errors(19621)).toEqual([["amount", "The deal has no amount."]]);
    expect(errors(19622)).toEqual([["stage", 'Stage "99999999" is not a stage of pipeline "3177727".']]);
    expect(errors(19620, "RUR")).toEqual([["currency", '"RUR" is not a currency code.']]);
    expect(checkDeal(byId(19619), outcomes, "RUB")).toMatchObject({ ok: true, deal: { amountMinor: 12000000n, currency: "RUB", status: "won" } });
  });
});

describe("an AmoCRM account domain", () => {
  it("is taken only from AmoCRM's and Kommo's own domains", () => {
    expect(accountDomain("romashka.amocrm.ru")).toBe("romashka.amocrm.ru");
    expect(accountDomain("Acme.Kommo.com")).toBe("acme.kommo.com");
    for (const bad of [null, "", "evil.example", "romashka.amocrm.ru.evil.example", "a.b.amocrm.ru", "romashka.amocrm.ru:8443"]) {
      expect(expectAppErrorSync(() => accountDomain(bad), "bad_request").fields?.referer, String(bad)).toBeTruthy();
    }
  });
});

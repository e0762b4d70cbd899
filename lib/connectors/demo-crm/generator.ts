import type { HsContact, HsDeal, HsPipelines } from "../hubspot/shapes";
import { hash32, unit } from "../shopify/demo/random";

// A generated HubSpot portal for the demo workspace: one B2B pipeline (clinics and retailers
// buying the store's products wholesale) whose deals move through HubSpot's default stages with a
// stage history, some won, some lost, the newest still open. Each deal's contact is one of the demo
// store's customers (same email), so the CRM and the store name the same people. Everything is a
// function of the seed and the history's end, shaped as HubSpot's API answers it.

const DAY_MS = 86_400_000;
export const DEMO_CRM_DEALS = 80;
/** Deals are made over this many days before the history's end. */
const SPAN_DAYS = 300;
export const DEMO_CRM_PORTAL = "demo-hubspot";
const CONTACT_ID_BASE = 9_000_000;

const STAGES = [
  { id: "appointmentscheduled", label: "Appointment scheduled", probability: "0.2" },
  { id: "qualifiedtobuy", label: "Qualified to buy", probability: "0.4" },
  { id: "presentationscheduled", label: "Presentation scheduled", probability: "0.6" },
  { id: "decisionmakerboughtin", label: "Decision maker bought-in", probability: "0.8" },
  { id: "contractsent", label: "Contract sent", probability: "0.9" },
] as const;

const BUYERS = ["Clinic", "Audiology Center", "Pharmacy", "Hearing Studio", "Medical Supply", "Senior Living"] as const;
const CITIES = ["Boston", "Denver", "Austin", "Portland", "Chicago", "Atlanta", "Phoenix", "Seattle"] as const;
// hs_analytics_source and its first drill-down, as HubSpot records a contact's original source.
const SOURCES = [
  ["PAID_SEARCH", "google"], ["PAID_SEARCH", "google"], ["ORGANIC_SEARCH", null], ["OFFLINE", "CRM_UI"],
  ["OFFLINE", "CRM_UI"], ["REFERRALS", null], ["PAID_SOCIAL", "facebook"], ["EMAIL_MARKETING", null],
] as const;

const S = { days: 11, stay: 12, lost: 13, won: 14, amount: 15, buyer: 16, city: 17, source: 18, customer: 19 } as const;

export function demoPipelines(): HsPipelines {
  return {
    results: [
      {
        id: "default",
        label: "B2B sales",
        displayOrder: 0,
        stages: [
          ...STAGES.map((stage, i) => ({ id: stage.id, label: stage.label, displayOrder: i, metadata: { isClosed: "false", probability: stage.probability } })),
          { id: "closedwon", label: "Closed won", displayOrder: STAGES.length, metadata: { isClosed: "true", probability: "1.0" } },
          { id: "closedlost", label: "Closed lost", displayOrder: STAGES.length + 1, metadata: { isClosed: "true", probability: "0.0" } },
        ],
      },
    ],
  };
}

export type DemoCrmOptions = { seed: number; endDate: Date; customerRoot: (orderIndex: number) => number | null; orders: number };

export type DemoCrm = { deals: HsDeal[]; contacts: Map<string, HsContact> };

const iso = (ms: number) => new Date(ms).toISOString();

/** The whole portal at once: a few dozen deals, small enough to keep. */
export function createDemoCrm(options: DemoCrmOptions): DemoCrm {
  const seed = options.seed >>> 0;
  const end = options.endDate.getTime();
  const deals: HsDeal[] = [];
  const contacts = new Map<string, HsContact>();
  for (let i = 0; i < DEMO_CRM_DEALS; i++) {
    // Spread over the span, the last ones made recently enough to be open still.
    const created = end - SPAN_DAYS * DAY_MS + Math.floor(((i + unit(seed, i, S.days)) / DEMO_CRM_DEALS) * SPAN_DAYS * DAY_MS);
    const history: { value: string; at: number }[] = [];
    let at = created;
    let outcome: "open" | "won" | "lost" = "open";
    for (let s = 0; s < STAGES.length; s++) {
      if (at > end) break;
      history.push({ value: STAGES[s]!.id, at });
      at += Math.floor((2 + unit(seed, i * 8 + s, S.stay) * 16) * DAY_MS);
      if (at > end) break;
      // Each stage loses some deals; the contract stage closes the rest, most of them won.
      if (unit(seed, i * 8 + s, S.lost) < 0.14) {
        outcome = "lost";
        break;
      }
      if (s === STAGES.length - 1) outcome = unit(seed, i, S.won) < 0.75 ? "won" : "lost";
    }
    if (outcome !== "open") history.push({ value: outcome === "won" ? "closedwon" : "closedlost", at });
    const last = history[history.length - 1]!;
    const contactId = String(CONTACT_ID_BASE + i);
    const root = options.customerRoot(Math.floor(unit(seed, i, S.customer) * options.orders));
    const email = `customer-${root ?? i}@example.com`;
    contacts.set(contactId, {
      id: contactId,
      properties: { email, phone: `(555) 010-${String(1000 + i).slice(-4)}`, createdate: iso(created - DAY_MS), lastmodifieddate: iso(created) },
      createdAt: iso(created - DAY_MS),
      updatedAt: iso(created),
    });
    const [source, detail] = SOURCES[hash32(seed, i, S.source) % SOURCES.length]!;
    const buyer = `${CITIES[hash32(seed, i, S.city) % CITIES.length]} ${BUYERS[hash32(seed, i, S.buyer) % BUYERS.length]}`;
    const amount = (2_000 + Math.floor(unit(seed, i, S.amount) * 38) * 1_000).toFixed(2);
    const id = String(5_000 + i);
    deals.push({
      id,
      properties: {
        hs_object_id: id,
        dealname: `${buyer}: wholesale order`,
        amount,
        deal_currency_code: "USD",
        pipeline: "default",
        dealstage: last.value,
        hubspot_owner_id: String(77_000 + (i % 3)),
        createdate: iso(created),
        // HubSpot keeps an expected close date on open deals; closed ones carry the day they closed.
        closedate: iso(outcome === "open" ? end + 30 * DAY_MS : last.at),
        hs_lastmodifieddate: iso(last.at),
        hs_analytics_source: source,
        hs_analytics_source_data_1: detail,
      },
      // Newest first, as HubSpot lists a property's history.
      propertiesWithHistory: { dealstage: [...history].reverse().map((h) => ({ value: h.value, timestamp: iso(h.at), sourceType: "CRM_UI" })) },
      associations: { contacts: { results: [{ id: contactId, type: "deal_to_contact" }] } },
      createdAt: iso(created),
      updatedAt: iso(last.at),
      archived: false,
    });
  }
  return { deals, contacts };
}

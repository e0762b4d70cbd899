import { createDemoStore, type DemoStoreOptions } from "../shopify/demo/generator";
import type { CrmPage, CrmSource } from "../contracts/crm-source";
import { toContact, toDeal, toStages } from "../hubspot/transform";
import { createDemoCrm, demoPipelines, type DemoCrm } from "./generator";

// The demo portal as a CRM source, so the demo CRM syncs through the CRM engine like a real
// HubSpot portal: its answers go through HubSpot's own transforms, 25 deals a page.

const PAGE_SIZE = 25;

/** The demo store's default size, when its connection recorded none. */
const STORE_ORDERS = 50_000;

const cache = new Map<string, DemoCrm>();

function portalFor(store: DemoStoreOptions): DemoCrm {
  const orders = store.orders ?? STORE_ORDERS;
  const key = `${store.seed}:${orders}:${store.endDate.toISOString()}`;
  let crm = cache.get(key);
  if (!crm) {
    const shop = createDemoStore({ seed: store.seed, orders, endDate: store.endDate });
    crm = createDemoCrm({ seed: store.seed, endDate: store.endDate, orders, customerRoot: (i) => shop.customerRoot(i) });
    cache.set(key, crm);
  }
  return crm;
}

export function demoCrmSource(store: DemoStoreOptions): CrmSource {
  const portal = portalFor(store);
  return {
    async stages() {
      return toStages(demoPipelines());
    },
    async deals(after): Promise<CrmPage> {
      const start = after ? Number(after) : 0;
      const results = portal.deals.slice(start, start + PAGE_SIZE);
      const deals = results.map(toDeal);
      const contacts = results.flatMap((deal) => {
        const id = deal.associations?.contacts?.results[0]?.id;
        const contact = id ? portal.contacts.get(id) : undefined;
        return contact ? (toContact(contact) ?? []) : [];
      });
      const next = start + PAGE_SIZE < portal.deals.length ? String(start + PAGE_SIZE) : null;
      return { deals, contacts, next };
    },
  };
}

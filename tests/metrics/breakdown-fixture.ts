import type { LineItemFact } from "@/lib/connectors/contracts/store-facts";
import { connectDemoStore } from "@/lib/connections/service";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { upsertOrderBundles } from "@/lib/stores/ingest";
import { D1, D3, line, order, refund } from "./store-fixture";

// A store in America/New_York with two products sold to two countries over D1..D3:
//   O1 D1 US, customer 601 (new): Tee 2 x 20.00 less 4.00, Mug 1 x 15.00, a "Shipping Fee" line
//      of 5.00 (excluded by the default rule), code SPRING.
//   O2 D2 CA, customer 602 (new): Tee 1 x 20.00, refunded in full on D3 (returns 20.00 on D3).
//   O3 D3 US, customer 601 (returning): the Tee, renamed "Classic Tee", 1 x 25.00; Mug 2 x 15.00
//      less 3.00.
export const TEE = 11n;
export const MUG = 22n;
const product = (l: LineItemFact, productId: bigint, variantId: bigint): LineItemFact => ({ ...l, productId, variantId });

export async function breakdownStore() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "America/New_York" });
  const connection = await connectDemoStore(workspace.id, { orders: 100 });
  const o1 = order(2001, "2026-01-09T15:00:00Z", { customerId: 601n, countryCode: "US", regionCode: "NY", discountCodes: ["SPRING"] }, [
    product(line(2001, "Tee", 2, "20.00", "4.00"), TEE, 111n),
    product(line(2001, "Mug", 1, "15.00"), MUG, 222n),
    line(2001, "Shipping Fee", 1, "5.00"),
  ]);
  const teeO2 = product(line(2002, "Tee", 1, "20.00"), TEE, 111n);
  const o2 = order(2002, "2026-01-10T15:00:00Z", { customerId: 602n, countryCode: "CA", regionCode: "ON" }, [teeO2]);
  refund(o2, 9201, "2026-01-11T16:00:00Z", "0.00", [{ line: teeO2, quantity: 1, subtotal: "20.00", tax: "0.00" }]);
  const o3 = order(2003, "2026-01-11T15:00:00Z", { customerId: 601n, countryCode: "US", regionCode: "CA" }, [
    product(line(2003, "Classic Tee", 1, "25.00"), TEE, 111n),
    product(line(2003, "Mug", 2, "15.00", "3.00"), MUG, 222n),
  ]);
  await upsertOrderBundles({ workspaceId: workspace.id, connectionId: connection.id }, [o1, o2, o3]);
  await rebuildRollups(workspace.id, { fromDay: D1, toDay: D3 });
  return { workspaceId: workspace.id, ownerId: owner.id, slug: workspace.slug };
}


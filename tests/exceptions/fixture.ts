import type { OrderBundle } from "@/lib/connectors/contracts/store-facts";
import { connectDemoStore } from "@/lib/connections/service";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { bundle } from "../sync/fake-source";

// Orders for exception rules: the fake store's order (two lines of 50.00, shipping 5.00, tax
// 8.00, total 113.00, paid) with the fields a case changes.

export const HOUR = 3_600_000;

export function exceptionOrder(id: number, createdAt: Date, fields: Partial<OrderBundle["order"]> = {}): OrderBundle {
  return bundle(id, createdAt, { createdAt, processedAt: createdAt, ...fields });
}

/** A full refund of `b`'s 113.00 at `at`. */
export function refundedAt(b: OrderBundle, refundId: number, at: Date, amount = "113.00"): OrderBundle {
  return {
    ...b,
    refunds: [{ externalId: BigInt(refundId), orderId: b.order.externalId, createdAt: at, processedAt: null, totalRefunded: amount, shippingRefunded: "5.00", currency: "USD" }],
  };
}

export async function storeWorkspace(timeZone = "America/New_York") {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone });
  const connection = await connectDemoStore(workspace.id, { orders: 100 });
  return { owner, workspace, scope: { workspaceId: workspace.id, connectionId: connection.id } };
}

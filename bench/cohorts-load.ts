// Loads a demo-like store straight into the store tables through the engine's upserts (new orders
// go in by COPY): the demo generator's orders, rendered and transformed as a sync would, without
// the GraphQL round trips. Stops once the store has the asked number of customers.
import type { CustomerFact, OrderBundle } from "../lib/connectors/contracts/store-facts";
import { CATALOG } from "../lib/connectors/shopify/demo/catalog";
import { createDemoStore } from "../lib/connectors/shopify/demo/generator";
import { renderCustomer, renderLineItems, renderOrder, renderProduct, renderRefundDetails } from "../lib/connectors/shopify/demo/render";
import { customerToFact, orderToBundle, productToBundle, withRefundDetails } from "../lib/connectors/shopify/transform";
import { upsertCustomers, upsertOrderBundles, upsertProductBundles } from "../lib/stores/ingest";

export type LoadOptions = { customers: number; seed: number; endDate: Date; batch?: number };
export type LoadResult = { customers: number; orders: number; firstDay: Date; lastOrderAt: number };

type Scope = { workspaceId: string; connectionId: string };

/** Orders per customer over the demo store's two years (about 1.37), with a little to spare: the asked customers fill the history. */
const ORDERS_PER_CUSTOMER = 1.4;

export async function loadDemoStore(scope: Scope, options: LoadOptions): Promise<LoadResult> {
  const batch = options.batch ?? 5_000;
  const store = createDemoStore({ seed: options.seed, orders: Math.ceil(options.customers * ORDERS_PER_CUSTOMER), endDate: options.endDate });
  const horizon = options.endDate.getTime();
  await upsertProductBundles(scope, CATALOG.map((_, p) => {
    const node = renderProduct(store, p, horizon);
    return productToBundle(node, node.variants.nodes);
  }));

  const count = new Map<number, number>();
  const last = new Map<number, number>();
  let pending: OrderBundle[] = [];
  let orders = 0;
  let lastOrderAt = 0;
  const flush = async () => {
    if (pending.length) await upsertOrderBundles(scope, pending);
    pending = [];
  };
  for (let i = 0; ; i++) {
    const order = store.order(i);
    if (order.createdAt >= horizon) break;
    const root = order.customerRoot;
    if (root === i && count.size >= options.customers) break;
    if (root !== null) {
      count.set(root, (count.get(root) ?? 0) + 1);
      last.set(root, i);
    }
    const bundle = orderToBundle(renderOrder(order, horizon), renderLineItems(order));
    const refunds = order.refundDetails.filter((r) => r.at <= horizon).map((r) => renderRefundDetails(order, r).node);
    pending.push(refunds.length ? withRefundDetails(bundle, refunds) : bundle);
    orders++;
    lastOrderAt = order.createdAt;
    if (pending.length >= batch) await flush();
  }
  await flush();

  let customers: CustomerFact[] = [];
  for (const [root, n] of count) {
    customers.push(customerToFact(renderCustomer(store, root, { count: n, lastOrder: last.get(root)! })));
    if (customers.length >= batch) {
      await upsertCustomers(scope, customers);
      customers = [];
    }
  }
  await upsertCustomers(scope, customers);
  return { customers: count.size, orders, firstDay: new Date(store.startMs), lastOrderAt };
}

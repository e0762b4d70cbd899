import { describe, expect, it } from "vitest";
import { CATALOG } from "@/lib/connectors/shopify/demo/catalog";
import { createDemoStore, DAY_MS, STORE_UTC_OFFSET_MS } from "@/lib/connectors/shopify/demo/generator";
import { renderLineItems, renderOrder } from "@/lib/connectors/shopify/demo/render";

const endDate = new Date("2026-11-01T05:00:00Z");

describe("demo store generator", () => {
  it("is deterministic per seed and differs between seeds", () => {
    const a = createDemoStore({ seed: 42, orders: 5_000, endDate });
    const b = createDemoStore({ seed: 42, orders: 5_000, endDate });
    const c = createDemoStore({ seed: 43, orders: 5_000, endDate });
    for (const i of [0, 1, 17, 2_500, 4_999, 5_100]) {
      expect(b.order(i)).toEqual(a.order(i));
      // Random access: generating order i alone, in any order, gives the same order.
      expect(createDemoStore({ seed: 42, orders: 5_000, endDate }).order(i)).toEqual(a.order(i));
    }
    const differs = [0, 1, 2, 3, 4].filter((i) => JSON.stringify(c.order(i)) !== JSON.stringify(a.order(i)));
    expect(differs.length).toBeGreaterThan(0);
  });

  it("places exactly `orders` orders in the history, in time order, and keeps going after endDate", () => {
    const store = createDemoStore({ seed: 1, orders: 20_000, endDate });
    expect(store.countBefore(endDate.getTime())).toBe(20_000);
    expect(store.createdAt(0)).toBeGreaterThanOrEqual(endDate.getTime() - 731 * DAY_MS);
    let previous = 0;
    for (let i = 0; i < 20_500; i++) {
      const at = store.createdAt(i);
      expect(at).toBeGreaterThanOrEqual(previous);
      previous = at;
    }
    expect(store.createdAt(20_000)).toBeGreaterThanOrEqual(endDate.getTime());
    // ...at a live rhythm: the next 24 hours bring about a day's worth of orders.
    const nextDay = store.countBefore(endDate.getTime() + DAY_MS) - 20_000;
    expect(nextDay).toBeGreaterThan(20);
    expect(nextDay).toBeLessThan(80);
  });

  it("has growth, weekday and hour-of-day seasonality and a Black Friday spike", () => {
    const store = createDemoStore({ seed: 3, orders: 50_000, endDate });
    const perDay = new Map<number, number>();
    const perWeekday = new Array<number>(7).fill(0);
    const perHour = new Array<number>(24).fill(0);
    for (let i = 0; i < 50_000; i++) {
      const local = store.createdAt(i) + STORE_UTC_OFFSET_MS;
      const day = Math.floor(local / DAY_MS);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
      perWeekday[new Date(local).getUTCDay()]! += 1;
      perHour[new Date(local).getUTCHours()]! += 1;
    }
    const days = [...perDay.keys()].sort((a, b) => a - b);
    const firstYear = days.slice(0, 365).reduce((sum, d) => sum + perDay.get(d)!, 0);
    const secondYear = days.slice(365).reduce((sum, d) => sum + perDay.get(d)!, 0);
    expect(secondYear / firstYear).toBeGreaterThan(1.2);
    expect(Math.max(...perWeekday) / Math.min(...perWeekday)).toBeGreaterThan(1.15);
    expect(perHour[20]!).toBeGreaterThan(5 * perHour[3]!);

    const blackFriday = Math.floor((Date.UTC(2025, 10, 28) + 12 * 3_600_000) / DAY_MS); // Fri 28 Nov 2025
    const around = days.filter((d) => Math.abs(d - blackFriday) > 7 && Math.abs(d - blackFriday) < 35).map((d) => perDay.get(d)!);
    around.sort((a, b) => a - b);
    const median = around[Math.floor(around.length / 2)]!;
    expect(perDay.get(blackFriday)!).toBeGreaterThan(2 * median);
  });

  it("looks like a real store: returning customers, refunds, cancellations, test orders, fees, channels, currencies", () => {
    const store = createDemoStore({ seed: 9, orders: 50_000, endDate });
    const n = 20_000;
    const counts = { returning: 0, refunded: 0, partial: 0, cancelled: 0, test: 0, feeLine: 0, feeOnly: 0, discounted: 0, noJourney: 0, utmOnlyInUrl: 0 };
    const channels = new Set<string>();
    const currencies = new Set<string>();
    const groups = new Map<string, number>();
    for (let i = 30_000; i < 30_000 + n; i++) {
      const order = store.order(i);
      if (order.customerRoot !== null && order.customerRoot !== i) counts.returning++;
      if (order.cancelledAt !== null) counts.cancelled++;
      else if (order.refundDetails.length > 0) counts.refunded++;
      if (order.refundDetails.some((r) => r.kind === "partial")) counts.partial++;
      if (order.test) counts.test++;
      const titles = order.lines.map((l) => CATALOG[l.product]!.title);
      if (titles.includes("Shipping Fee")) counts.feeLine++;
      if (titles.length === 1 && titles[0] === "Shipping Fee") counts.feeOnly++;
      if (order.discountCodes.length > 0) counts.discounted++;
      if (!order.visit) counts.noJourney++;
      else {
        channels.add(order.visit.channel);
        if (order.visit.utm && !order.visit.utmParsed) counts.utmOnlyInUrl++;
      }
      currencies.add(order.presentment.currency);
      for (const line of order.lines) groups.set(CATALOG[line.product]!.group, (groups.get(CATALOG[line.product]!.group) ?? 0) + line.quantity);
    }
    expect(counts.returning / n).toBeGreaterThan(0.25);
    expect(counts.returning / n).toBeLessThan(0.35);
    expect(counts.refunded / n).toBeGreaterThan(0.05);
    expect(counts.refunded / n).toBeLessThan(0.08);
    expect(counts.partial).toBeGreaterThan(counts.refunded * 0.25);
    expect(counts.cancelled / n).toBeGreaterThan(0.01);
    expect(counts.cancelled / n).toBeLessThan(0.02);
    expect(counts.test).toBeGreaterThan(0);
    expect(counts.test / n).toBeLessThan(0.002);
    expect(counts.feeLine / n).toBeGreaterThan(0.1);
    expect(counts.feeOnly).toBeGreaterThan(0);
    expect(counts.discounted / n).toBeGreaterThan(0.1);
    expect(counts.noJourney).toBeGreaterThan(0);
    expect(counts.utmOnlyInUrl).toBeGreaterThan(0);
    expect([...channels].sort()).toEqual(["direct", "email", "facebook", "google", "organic", "tiktok"]);
    expect(currencies.size).toBeGreaterThan(1);
    expect(groups.get("hero")).toBeGreaterThan(0);
    expect(groups.get("accessory")).toBeGreaterThan(0);
  });

  it("makes believable cohorts: retention that decays with a long tail, sale cohorts and first products that retain differently", () => {
    const store = createDemoStore({ seed: 42, orders: 50_000, endDate });
    type Customer = { first: number; sale: boolean; consumable: boolean; orders: number[] };
    const customers = new Map<number, Customer>();
    for (let i = 0; i < 50_000; i++) {
      const order = store.order(i);
      if (order.customerRoot === null) continue;
      let customer = customers.get(order.customerRoot);
      if (!customer) {
        const first = CATALOG[store.firstProduct(order.customerRoot)]!;
        customer = { first: order.createdAt, sale: store.saleOn(order.createdAt) !== null, consumable: first.tags.includes("consumable"), orders: [] };
        customers.set(order.customerRoot, customer);
      }
      customer.orders.push(order.createdAt);
    }
    // Customers of the first year, followed for a year.
    const followed = [...customers.values()].filter((c) => c.first < store.endMs - 365 * DAY_MS);
    const activeIn = (c: Customer, fromDay: number, toDay: number) => c.orders.some((t) => t >= c.first + fromDay * DAY_MS && t < c.first + toDay * DAY_MS);
    const share = (list: Customer[], fromDay: number, toDay: number) => list.filter((c) => activeIn(c, fromDay, toDay)).length / list.length;
    const month1 = share(followed, 1, 31);
    const month6 = share(followed, 151, 181);
    const month12 = share(followed, 335, 365);
    expect(month1).toBeGreaterThan(0.05);
    expect(month6).toBeLessThan(month1 / 2);
    // The tail: a loyal core still buys a year on.
    expect(month12).toBeGreaterThan(0.005);
    expect(Math.max(...followed.map((c) => c.orders.length))).toBeGreaterThanOrEqual(10);

    const repeatRate = (list: Customer[]) => share(list, 1, 365);
    const regular = followed.filter((c) => !c.sale);
    expect(repeatRate(followed.filter((c) => c.sale))).toBeLessThan(repeatRate(regular) * 0.6);
    expect(repeatRate(regular.filter((c) => c.consumable))).toBeGreaterThan(repeatRate(regular.filter((c) => !c.consumable)) * 1.3);
  });

  it("puts discount codes on a share of orders, more in sales, and a country on every order, mostly the US", () => {
    const store = createDemoStore({ seed: 9, orders: 50_000, endDate });
    const codes = new Map<string, number>();
    const countries = new Map<string, number>();
    let saleOrders = 0;
    let saleDiscounted = 0;
    let otherDiscounted = 0;
    // Every other order of the whole history: it holds two Black Fridays and two spring sales.
    let n = 0;
    const regions = new Set<string>();
    for (let i = 0; i < 50_000; i += 2, n++) {
      const order = store.order(i);
      const node = renderOrder(order, Number.MAX_SAFE_INTEGER);
      expect(node.discountCodes).toEqual(order.discountCodes);
      const address = { countryCodeV2: order.country, provinceCode: order.region };
      expect(node.billingAddress).toEqual(address);
      expect(node.shippingAddress).toEqual(order.sourceName === "shopify_draft_order" ? null : address);
      // A customer keeps one country and one region, which is in that country.
      if (order.customerRoot !== null) expect([order.country, order.region]).toEqual([store.order(order.customerRoot).country, store.order(order.customerRoot).region]);
      regions.add(`${order.country}-${order.region}`);
      countries.set(order.country, (countries.get(order.country) ?? 0) + 1);
      for (const code of order.discountCodes) codes.set(code, (codes.get(code) ?? 0) + 1);
      const inSale = store.saleOn(order.createdAt) !== null;
      if (inSale) saleOrders++;
      if (order.discountCodes.length > 0 && inSale) saleDiscounted++;
      else if (order.discountCodes.length > 0) otherDiscounted++;
    }
    expect([...codes.keys()].sort()).toEqual(["BFCM25", "FREESHIP", "REPLACE100", "SPRING20", "SUMMER15", "THANKYOU15", "WELCOME10"]);
    expect(saleDiscounted / saleOrders).toBeGreaterThan(2 * (otherDiscounted / (n - saleOrders)));
    const ranked = [...countries.entries()].sort((a, b) => b[1] - a[1]).map(([country]) => country);
    expect(ranked).toEqual(["US", "CA", "GB", "AU", "DE"]);
    expect(countries.get("US")! / n).toBeGreaterThan(0.65);
    // Several regions per country, e.g. California and Ontario.
    expect([...regions]).toEqual(expect.arrayContaining(["US-CA", "US-NY", "CA-ON", "GB-ENG", "AU-NSW", "DE-BY"]));
  });

  it("has a handful of orders of each exception kind, none on test orders", () => {
    const store = createDemoStore({ seed: 5, orders: 20_000, endDate });
    const kinds = { high: 0, pending: 0, authorized: 0, expired: 0, tipped: 0, replacement: 0 };
    for (let i = 0; i < 20_000; i++) {
      const order = store.order(i);
      const node = renderOrder(order, Number.MAX_SAFE_INTEGER);
      if (order.risk === "HIGH") kinds.high++;
      if (node.displayFinancialStatus === "PENDING") kinds.pending++;
      if (node.displayFinancialStatus === "AUTHORIZED") kinds.authorized++;
      if (node.displayFinancialStatus === "EXPIRED") kinds.expired++;
      if (order.tipCents > 0) kinds.tipped++;
      if (order.discountCodes.includes("REPLACE100")) {
        kinds.replacement++;
        expect(node.totalPriceSet.shopMoney.amount).toBe("0.00");
      }
      if (order.test) expect([order.payment, order.tipCents, order.discountCodes.includes("REPLACE100")]).toEqual(["PAID", 0, false]);
    }
    for (const [kind, count] of Object.entries(kinds)) {
      expect(count, kind).toBeGreaterThanOrEqual(5);
      expect(count, kind).toBeLessThan(200);
    }
  });

  it("renders consistent money: totals add up and refunds never exceed what was paid", () => {
    const store = createDemoStore({ seed: 5, orders: 3_000, endDate });
    const cents = (amount: string) => Math.round(Number(amount) * 100);
    for (let i = 0; i < 3_000; i++) {
      const order = store.order(i);
      const node = renderOrder(order, Number.MAX_SAFE_INTEGER);
      const lines = renderLineItems(order);
      const gross = lines.reduce((s, l) => s + cents(l.originalUnitPriceSet.shopMoney.amount) * l.quantity, 0);
      const discounts = lines.reduce((s, l) => s + l.discountAllocations.reduce((t, a) => t + cents(a.allocatedAmountSet.shopMoney.amount), 0), 0);
      expect(cents(node.totalDiscountsSet!.shopMoney.amount)).toBe(discounts);
      expect(cents(node.subtotalPriceSet!.shopMoney.amount)).toBe(gross - discounts);
      // A tip is in the total and on no line.
      expect(cents(node.totalPriceSet.shopMoney.amount)).toBe(
        gross - discounts + cents(node.totalShippingPriceSet.shopMoney.amount) + cents(node.totalTaxSet!.shopMoney.amount) + order.tipCents,
      );
      expect(cents(node.currentTotalPriceSet.shopMoney.amount)).toBeGreaterThanOrEqual(0);
      if (order.cancelledAt !== null) expect(node.displayFinancialStatus).toBe("REFUNDED");
    }
  });
});

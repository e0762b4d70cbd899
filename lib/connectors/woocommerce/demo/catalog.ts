// The demo WooCommerce store's catalogue: a few simple products and some variable ones, priced in
// cents, with the costs the Cost of Goods extension would record.

export type DemoVariation = { id: number; option: string; sku: string; priceCents: number; costCents: number };
export type DemoProduct = {
  id: number;
  name: string;
  category: string;
  brand: string;
  sku: string;
  priceCents: number;
  costCents: number;
  variations: DemoVariation[];
};

const variable = (id: number, name: string, category: string, brand: string, sku: string, priceCents: number, costCents: number, options: string[]): DemoProduct => ({
  id, name, category, brand, sku, priceCents, costCents,
  variations: options.map((option, n) => ({ id: id * 100 + n + 1, option, sku: `${sku}-${option.toUpperCase()}`, priceCents: priceCents + n * 200, costCents: costCents + n * 50 })),
});

const simple = (id: number, name: string, category: string, brand: string, sku: string, priceCents: number, costCents: number): DemoProduct => ({
  id, name, category, brand, sku, priceCents, costCents, variations: [],
});

export const DEMO_CATALOG: readonly DemoProduct[] = [
  variable(11, "Merino Crew Tee", "T-shirts", "Kiwi Outfitters", "MCT", 4900, 1600, ["S", "M", "L"]),
  variable(12, "Harbour Hoodie", "Hoodies", "Kiwi Outfitters", "HH", 8900, 3100, ["Navy", "Grey"]),
  variable(13, "Trail Socks", "Accessories", "Southern Wool", "TS", 1900, 500, ["Short", "Crew", "Hiker"]),
  simple(21, "Canvas Tote", "Accessories", "Southern Wool", "CT", 2900, 900),
  simple(22, "Possum Beanie", "Accessories", "Southern Wool", "PB", 3900, 1200),
  simple(23, "Rain Shell", "Jackets", "Kiwi Outfitters", "RS", 15900, 6200),
  simple(24, "Gift Card", "Gift cards", "Kiwi Outfitters", "GC", 5000, 0),
];

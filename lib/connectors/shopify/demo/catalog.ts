// The demo store's catalogue: a hearing-aid brand with a hero line, accessories, other products and
// a "Shipping Fee" product some orders carry as a line item. Prices and costs in cents (USD).

export type DemoVariant = { title: string; sku: string };
export type DemoProduct = {
  title: string;
  group: "hero" | "accessory" | "other" | "fee";
  productType: string;
  vendor: string;
  priceCents: number;
  costCents: number | null;
  /** Relative popularity as an order's main item. */
  weight: number;
  tags: string[];
  variants: DemoVariant[];
};

const colours = (sku: string, names: string[]): DemoVariant[] => names.map((name) => ({ title: name, sku: `${sku}-${name.slice(0, 3).toUpperCase()}` }));
const single = (sku: string): DemoVariant[] => [{ title: "Default Title", sku }];

export const SHIPPING_FEE_TITLE = "Shipping Fee";

export const CATALOG: readonly DemoProduct[] = [
  { title: "Alpha Pro", group: "hero", productType: "Hearing Aid", vendor: "Signal Audio", priceCents: 149_900, costCents: 42_000, weight: 10, tags: ["hearing-aid", "alpha"], variants: colours("AP", ["Silver", "Beige", "Graphite"]) },
  { title: "Alpha Pro Ultimate Kit", group: "hero", productType: "Hearing Aid", vendor: "Signal Audio", priceCents: 189_900, costCents: 56_000, weight: 5, tags: ["hearing-aid", "alpha", "kit"], variants: colours("APK", ["Silver", "Beige", "Graphite"]) },
  { title: "Alpha", group: "hero", productType: "Hearing Aid", vendor: "Signal Audio", priceCents: 89_900, costCents: 25_000, weight: 8, tags: ["hearing-aid", "alpha"], variants: colours("AL", ["Silver", "Beige"]) },
  { title: "Charging Case", group: "accessory", productType: "Accessory", vendor: "Signal Audio", priceCents: 12_900, costCents: 3_100, weight: 9, tags: ["accessory"], variants: single("ACC-CASE") },
  { title: "Ear Domes (12 pack)", group: "accessory", productType: "Accessory", vendor: "Signal Audio", priceCents: 1_900, costCents: 300, weight: 14, tags: ["accessory", "consumable"], variants: [{ title: "Small", sku: "ACC-DOME-S" }, { title: "Medium", sku: "ACC-DOME-M" }, { title: "Large", sku: "ACC-DOME-L" }] },
  { title: "Cleaning Kit", group: "accessory", productType: "Accessory", vendor: "Signal Audio", priceCents: 2_400, costCents: 550, weight: 10, tags: ["accessory"], variants: single("ACC-CLEAN") },
  { title: "Wax Guards (8 pack)", group: "accessory", productType: "Accessory", vendor: "Signal Audio", priceCents: 1_400, costCents: 200, weight: 12, tags: ["accessory", "consumable"], variants: single("ACC-WAX") },
  { title: "Travel Pouch", group: "accessory", productType: "Accessory", vendor: "Signal Audio", priceCents: 2_900, costCents: 600, weight: 6, tags: ["accessory"], variants: colours("ACC-POUCH", ["Black", "Navy"]) },
  { title: "Beta Mini", group: "other", productType: "Hearing Aid", vendor: "Signal Audio", priceCents: 59_900, costCents: 17_500, weight: 5, tags: ["hearing-aid", "beta"], variants: colours("BM", ["Silver", "Beige"]) },
  { title: "Beta Mini Kit", group: "other", productType: "Hearing Aid", vendor: "Signal Audio", priceCents: 74_900, costCents: 22_000, weight: 3, tags: ["hearing-aid", "beta", "kit"], variants: colours("BMK", ["Silver", "Beige"]) },
  { title: "TV Streamer", group: "other", productType: "Streaming", vendor: "Signal Audio", priceCents: 19_900, costCents: 6_200, weight: 4, tags: ["streaming"], variants: single("STR-TV") },
  { title: "Remote Microphone", group: "other", productType: "Streaming", vendor: "Signal Audio", priceCents: 24_900, costCents: 7_400, weight: 3, tags: ["streaming"], variants: single("STR-MIC") },
  { title: "Replacement Batteries (60 pack)", group: "other", productType: "Consumable", vendor: "PowerCell", priceCents: 3_900, costCents: 900, weight: 8, tags: ["consumable"], variants: [{ title: "Size 312", sku: "BAT-312" }, { title: "Size 13", sku: "BAT-13" }] },
  { title: "Drying Box", group: "other", productType: "Care", vendor: "Signal Audio", priceCents: 4_900, costCents: 1_100, weight: 4, tags: ["care"], variants: single("CARE-DRY") },
  { title: "Tinnitus Relief Speaker", group: "other", productType: "Wellness", vendor: "Calm Labs", priceCents: 7_900, costCents: 2_300, weight: 2, tags: ["wellness"], variants: single("WEL-TIN") },
  { title: "Protection Plan (2 years)", group: "other", productType: "Service", vendor: "Signal Audio", priceCents: 14_900, costCents: null, weight: 3, tags: ["service"], variants: single("SVC-PP2") },
  { title: "Sound Amplifier Headphones", group: "other", productType: "Audio", vendor: "Signal Audio", priceCents: 17_900, costCents: 5_200, weight: 2, tags: ["audio"], variants: colours("AUD-HP", ["Black", "White"]) },
  { title: "Bluetooth Neckloop", group: "other", productType: "Streaming", vendor: "Signal Audio", priceCents: 8_900, costCents: 2_400, weight: 2, tags: ["streaming"], variants: single("STR-LOOP") },
  { title: "Hearing Protection Earplugs", group: "other", productType: "Protection", vendor: "QuietWear", priceCents: 3_400, costCents: 700, weight: 3, tags: ["protection"], variants: [{ title: "Standard", sku: "PRO-PLUG" }, { title: "Musician", sku: "PRO-PLUG-MUS" }] },
  { title: "Custom Ear Molds", group: "other", productType: "Fitting", vendor: "Signal Audio", priceCents: 15_900, costCents: 4_000, weight: 1, tags: ["fitting"], variants: single("FIT-MOLD") },
  { title: "Stethoscope Adapter", group: "other", productType: "Accessory", vendor: "Signal Audio", priceCents: 6_900, costCents: 1_800, weight: 1, tags: ["professional"], variants: single("PRO-STETH") },
  { title: "Vibrating Alarm Clock", group: "other", productType: "Home", vendor: "WakeWell", priceCents: 5_900, costCents: 1_700, weight: 2, tags: ["home"], variants: single("HOME-ALARM") },
  { title: "Caption Phone Adapter", group: "other", productType: "Home", vendor: "Signal Audio", priceCents: 9_900, costCents: 3_000, weight: 1, tags: ["home"], variants: single("HOME-CAP") },
  { title: "Lanyard Clip", group: "other", productType: "Accessory", vendor: "Signal Audio", priceCents: 1_200, costCents: 150, weight: 3, tags: ["accessory-other"], variants: colours("LAN", ["Black", "Red", "Blue"]) },
  { title: "Battery Tester", group: "other", productType: "Care", vendor: "PowerCell", priceCents: 1_500, costCents: 300, weight: 2, tags: ["care"], variants: single("CARE-TEST") },
  { title: "Mirror Inspection Kit", group: "other", productType: "Care", vendor: "Signal Audio", priceCents: 2_200, costCents: 500, weight: 1, tags: ["care"], variants: single("CARE-MIR") },
  { title: "Premium Care Bundle", group: "other", productType: "Care", vendor: "Signal Audio", priceCents: 8_900, costCents: 2_100, weight: 2, tags: ["care", "bundle"], variants: single("CARE-BUN") },
  { title: "Starter Trial Pack", group: "other", productType: "Hearing Aid", vendor: "Signal Audio", priceCents: 4_900, costCents: 1_600, weight: 3, tags: ["trial"], variants: single("TRIAL") },
  { title: "Extended Warranty (1 year)", group: "other", productType: "Service", vendor: "Signal Audio", priceCents: 7_900, costCents: null, weight: 2, tags: ["service"], variants: single("SVC-EW1") },
  { title: SHIPPING_FEE_TITLE, group: "fee", productType: "Fee", vendor: "Signal Audio", priceCents: 995, costCents: null, weight: 0, tags: ["fee"], variants: single("FEE-SHIP") },
];

export const SHIPPING_FEE_PRODUCT = CATALOG.findIndex((p) => p.group === "fee");
export const ACCESSORY_PRODUCTS = CATALOG.flatMap((p, i) => (p.group === "accessory" ? [i] : []));

// What the store breakdowns' keys are called. Keys are what the rollups hold: '' when the store
// did not say (no country, no code...).

const countries = new Intl.DisplayNames(["en"], { type: "region" });

const CUSTOMER_TYPES: Record<string, string> = { new: "New customers", returning: "Returning customers", guest: "Guests" };

const EMPTY: Record<string, string> = {
  product_type: "No product type",
  vendor: "No vendor",
  country: "Unknown country",
  region: "Unknown region",
  discount_code: "No discount code",
  sales_channel: "Unknown sales channel",
  variant: "No variant",
  product: "Unknown product",
};

function countryName(code: string): string {
  try {
    return countries.of(code) ?? code;
  } catch {
    return code;
  }
}

/** The label of a store dimension's key; null for the other dimensions. */
export function storeLabel(dimension: string, key: string): string | null {
  if (!(dimension in EMPTY) && dimension !== "customer_type") return null;
  if (key === "") return EMPTY[dimension] ?? key;
  switch (dimension) {
    case "country":
      return countryName(key);
    case "customer_type":
      return CUSTOMER_TYPES[key] ?? key;
    case "product":
      // Custom items without a product are keyed by their title.
      return key.startsWith("title:") ? key.slice("title:".length) : key;
    default:
      return key;
  }
}
